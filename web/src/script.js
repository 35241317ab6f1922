// The script-tag build: exposes window.AuthKit.
import { AuthKit } from './index.js';

globalThis.AuthKit = AuthKit;
