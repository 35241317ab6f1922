// The script-tag host page: /authkit/authkit.js (loaded by a plain <script> before this one)
// defined the global AuthKit; no import of it here, as on a page without a bundler or modules.
import { startHostPage } from './demo-page.js';

startHostPage((options) => window.AuthKit.create(options));
