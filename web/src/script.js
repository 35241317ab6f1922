// The script-tag build: exposes window.AuthKit and registers <authkit-connect>.
import { defineAuthKitElement } from './element.js';
import { AuthKit } from './index.js';

globalThis.AuthKit = AuthKit;
defineAuthKitElement();
