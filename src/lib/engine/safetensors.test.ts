import { describe, expect, it } from 'vitest';
import { GPT } from './gpt';
import { defaultGPTConfig } from './presets';
import { Rng } from './rng';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors';

const le32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];

describe('safetensors', () => {
	it('round-trips a model’s weights and its metadata exactly', () => {
		const model = new GPT(defaultGPTConfig, new Rng(3));
		const tensors = Object.fromEntries(
			Object.entries(model.stateDict()).map(([k, t]) => [k, { shape: [...t.shape], data: t.data }])
		);
		const bytes = encodeSafetensors(tensors, { config: JSON.stringify(defaultGPTConfig) });
		const back = decodeSafetensors(bytes);
		expect(back.metadata).toEqual({ config: JSON.stringify(defaultGPTConfig) });
		expect(Object.keys(back.tensors)).toEqual(Object.keys(tensors));
		for (const [name, t] of Object.entries(tensors)) {
			expect(back.tensors[name]!.shape).toEqual(t.shape);
			expect(back.tensors[name]!.data).toEqual(t.data);
		}
	});

	it('writes the layout of the format: header length, JSON header, little-endian floats', () => {
		const bytes = encodeSafetensors({ w: { shape: [2], data: new Float32Array([1, -2]) } });
		const view = new DataView(bytes.buffer);
		const n = Number(view.getBigUint64(0, true));
		expect((8 + n) % 8).toBe(0);
		const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
		expect(header).toEqual({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
		// 1.0f is 00 00 80 3f, little-endian.
		expect([...bytes.subarray(8 + n, 12 + n)]).toEqual([0, 0, 0x80, 0x3f]);
		expect(view.getFloat32(12 + n, true)).toBe(-2);
	});

	it('refuses a file that is not one, saying what is wrong', () => {
		const header = (json: string) => {
			const h = new TextEncoder().encode(json);
			return new Uint8Array([...le32(h.length), 0, 0, 0, 0, ...h]);
		};
		const cases: [Uint8Array, RegExp][] = [
			[new Uint8Array(3), /shorter than the 8 bytes/],
			[new Uint8Array([255, 255, 255, 255, 0, 0, 0, 0]), /claims .* more than it has/],
			[header('not json'), /not JSON/],
			[header('[1,2]'), /not a JSON object/],
			[header('{"w":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}'), /F16, not float32/],
			[header('{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}'), /no valid shape/],
			[header('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'), /outside the file/],
			[header('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}}'), /no valid byte range/],
			[header('{"__metadata__":{"a":1}}'), /metadata “a” is not a string/]
		];
		for (const [bytes, why] of cases) {
			expect(() => decodeSafetensors(bytes)).toThrow(SafetensorsError);
			expect(() => decodeSafetensors(bytes)).toThrow(why);
		}
	});

	it('refuses tensors whose bytes overlap or do not fit their shape', () => {
		const good = encodeSafetensors({
			a: { shape: [2], data: new Float32Array([1, 2]) },
			b: { shape: [2], data: new Float32Array([3, 4]) }
		});
		const view = new DataView(good.buffer);
		const n = Number(view.getBigUint64(0, true));
		const text = new TextDecoder().decode(good.subarray(8, 8 + n));
		const redo = (json: string) => {
			const h = new TextEncoder().encode(json.padEnd(n, ' '));
			const out = new Uint8Array(good);
			out.set(h, 8);
			return out;
		};
		expect(() => decodeSafetensors(redo(text.replace('[8,16]', '[4,12]')))).toThrow(/overlap/);
		expect(() => decodeSafetensors(redo(text.replace('[8,16]', '[8,12]')))).toThrow(
			/4 bytes for a shape that needs 8/
		);
	});
});
