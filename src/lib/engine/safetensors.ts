/**
 * The .safetensors format of the Hugging Face ecosystem, for float32 tensors: an 8-byte
 * little-endian header length, a JSON header naming each tensor with its dtype, shape and byte
 * range, then the raw little-endian data. What a model saved here, PyTorch loads with
 * `safetensors.torch.load_file`, and the other way round.
 *
 *   const bytes = encodeSafetensors({ wte: { shape: [27, 16], data } }, { config: '{…}' });
 *   const { tensors, metadata } = decodeSafetensors(bytes);   // checks everything, or throws
 *
 * A file is untrusted input: every length, offset and shape is checked before a byte is read,
 * and each failure says what is wrong with the file.
 */

export interface StoredTensor {
	shape: number[];
	data: Float32Array;
}

export class SafetensorsError extends Error {}

/** Larger headers than this are not ours (a model's header is a few kB). */
const MAX_HEADER_BYTES = 1 << 20;
const DTYPE = 'F32';

const fail = (why: string): never => {
	throw new SafetensorsError(`Not a model this page can load: ${why}.`);
};

export function encodeSafetensors(
	tensors: Record<string, StoredTensor>,
	metadata: Record<string, string> = {}
): Uint8Array {
	const header: Record<string, unknown> = {};
	if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
	let offset = 0;
	for (const [name, t] of Object.entries(tensors)) {
		const bytes = t.data.length * 4;
		header[name] = { dtype: DTYPE, shape: t.shape, data_offsets: [offset, offset + bytes] };
		offset += bytes;
	}
	// The data starts on an 8-byte boundary, as the format's reference writer pads it.
	let json = JSON.stringify(header);
	while ((8 + json.length) % 8 !== 0) json += ' ';
	const head = new TextEncoder().encode(json);
	const out = new Uint8Array(8 + head.length + offset);
	const view = new DataView(out.buffer);
	view.setBigUint64(0, BigInt(head.length), true);
	out.set(head, 8);
	let at = 8 + head.length;
	for (const t of Object.values(tensors)) {
		for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i]!, true);
	}
	return out;
}

function isShape(x: unknown): x is number[] {
	return Array.isArray(x) && x.length <= 8 && x.every((d) => Number.isSafeInteger(d) && d >= 0);
}

export function decodeSafetensors(bytes: Uint8Array): {
	tensors: Record<string, StoredTensor>;
	metadata: Record<string, string>;
} {
	if (bytes.length < 8) fail('it is shorter than the 8 bytes that give its header’s length');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const headerLength = Number(view.getBigUint64(0, true));
	if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) {
		fail(`its header claims ${headerLength.toLocaleString('en-GB')} bytes, more than it has`);
	}
	let header: unknown;
	try {
		header = JSON.parse(
			new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength))
		);
	} catch {
		fail('its header is not JSON');
	}
	if (typeof header !== 'object' || header === null || Array.isArray(header)) {
		fail('its header is not a JSON object');
	}
	const dataStart = 8 + headerLength;
	const dataLength = bytes.length - dataStart;
	const metadata: Record<string, string> = {};
	const tensors: Record<string, StoredTensor> = {};
	const ranges: [number, number, string][] = [];
	for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
		if (name === '__metadata__') {
			if (typeof entry !== 'object' || entry === null) fail('its __metadata__ is not an object');
			for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
				if (typeof v !== 'string') fail(`its metadata “${k}” is not a string`);
				metadata[k] = v as string;
			}
			continue;
		}
		const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
		if (typeof e !== 'object' || e === null) fail(`tensor “${name}” has no description`);
		if (e.dtype !== DTYPE) fail(`tensor “${name}” is ${String(e.dtype)}, not float32 (F32)`);
		if (!isShape(e.shape)) fail(`tensor “${name}” has no valid shape`);
		const offsets = e.data_offsets;
		if (
			!Array.isArray(offsets) ||
			offsets.length !== 2 ||
			!offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
		) {
			fail(`tensor “${name}” has no valid byte range`);
		}
		const [begin, end] = offsets as [number, number];
		const count = (e.shape as number[]).reduce((a, b) => a * b, 1);
		if (end < begin || end > dataLength) fail(`tensor “${name}” lies outside the file`);
		if (end - begin !== count * 4) {
			fail(`tensor “${name}” has ${end - begin} bytes for a shape that needs ${count * 4}`);
		}
		ranges.push([begin, end, name]);
		const data = new Float32Array(count);
		for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + begin + 4 * i, true);
		tensors[name] = { shape: e.shape as number[], data };
	}
	ranges.sort((a, b) => a[0] - b[0]);
	for (let i = 1; i < ranges.length; i++) {
		if (ranges[i]![0] < ranges[i - 1]![1])
			fail(`tensors “${ranges[i - 1]![2]}” and “${ranges[i]![2]}” overlap`);
	}
	return { tensors, metadata };
}
