// Where the browser tests serve the two builds. E2E_PORT moves both (the sub-path build on the
// next port), so two checkouts on one machine can run their browser tests side by side.
export const PORT = Number(process.env.E2E_PORT ?? 4173);
export const SUBPATH_PORT = PORT + 1;
export const ORIGIN = `http://127.0.0.1:${PORT}`;
export const SUBPATH_ORIGIN = `http://127.0.0.1:${SUBPATH_PORT}`;
