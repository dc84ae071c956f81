// Runs before first paint (a blocking <script src> in <head>): applies the reader's saved
// theme so the page never flashes the other one. Without a saved choice, CSS follows
// prefers-color-scheme on its own. Kept tiny and dependency-free on purpose.
(function () {
	try {
		var t = localStorage.getItem('trenchcoat-theme');
		if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
	} catch {
		/* storage may be blocked; the system theme still applies */
	}
})();
