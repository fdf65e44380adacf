// The type of chromium-flags.js for tsc, which does not check JavaScript.
declare const chromiumFlags: readonly string[];
export = chromiumFlags;
