// How every browser run here starts Debian's Chromium: headless, and quiet on the network (no
// downloads, no background fetches, which this machine's closed network would refuse anyway).
export const CHROMIUM_LAUNCH_OPTIONS = Object.freeze({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
