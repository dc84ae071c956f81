// Runs before first paint (a blocking <script src> in <head>): marks the page as running
// JavaScript, and applies the reader's saved theme so the page never flashes the other one.
// Without a saved choice, CSS follows prefers-color-scheme on its own. Kept tiny and
// dependency-free on purpose.
(function () {
	// JavaScript runs: parts of the page that only work with it (the exercises' answer forms) show.
	document.documentElement.dataset.js = 'on';
	try {
		var t = localStorage.getItem('trenchcoat-theme');
		if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
	} catch {
		/* storage may be blocked; the system theme still applies */
	}
})();
