// Debian's Chromium, never a downloaded browser, shared by the browser tests and the audit.
// The flags stop it calling home: this machine has no internet, and without them it floods
// refused connections.
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROME_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
