// The ES-module host page: AuthKit imported as a module, the rest shared with the other pages.
import { AuthKit } from '/authkit/authkit.mjs';
import { startHostPage } from './demo-page.js';

startHostPage((options) => AuthKit.create(options));
