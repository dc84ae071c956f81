// The engine's WebAssembly kernels (assembly/), base64-encoded. scripts/build-kernels.mjs writes
// kernels.generated.js beside this file (vite and `npm run bench` run it); only this declaration
// is committed, so type checks pass before the first build.
export declare const KERNELS_WASM: string;
