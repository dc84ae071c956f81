import { describe, expect, it } from 'vitest';
import {
	attentionMapView,
	headFocus,
	headSize,
	spokenToken,
	type AttentionMapState,
	type AttentionMaps
} from './attention-map';

/** One layer, one head, reading "◆ a": the start looks only at itself, "a" splits 0.25 / 0.75. */
const maps: AttentionMaps = {
	text: 'a',
	tokens: ['◆', 'a'],
	layers: [
		[
			{
				weights: [
					[1, 0],
					[0.25, 0.75]
				],
				scores: [
					[0.5, null],
					[-0.1234, 1]
				]
			}
		]
	]
};

const state = (over: Partial<AttentionMapState> = {}): AttentionMapState => ({
	connected: true,
	problem: null,
	attention: maps,
	preset: 'micro',
	active: null,
	...over
});

describe('the attention heat maps', () => {
	it('reads the start marker and a space by name', () => {
		expect(spokenToken('◆')).toBe('start');
		expect(spokenToken('␣')).toBe('space');
		expect(spokenToken('e')).toBe('e');
	});

	it('quotes the head size of the model that drew the maps', () => {
		expect(headSize('micro')).toBe(4);
		expect(headSize('larger')).toBe(16);
		expect(attentionMapView(state({ preset: 'larger' })).headSize).toBe(16);
	});

	it('lays out one captioned table per head, with cells only on and below the diagonal', () => {
		const [map] = attentionMapView(state()).maps!;
		expect(map!.caption).toBe('Layer 1, head 1');
		expect(map!.columns).toEqual([
			{ glyph: '◆', label: 'key 0: start' },
			{ glyph: 'a', label: 'key 1: a' }
		]);
		expect(map!.rows.map((r) => r.label)).toEqual(['query 0: start', 'query 1: a']);
		expect(map!.rows[0]!.cells[1]).toBeNull();
		expect(map!.rows[1]!.cells[0]).toMatchObject({
			weight: 0.25,
			score: -0.1234,
			heat: 25,
			label: 'a looking at start: weight 0.25, row 2, column 1'
		});
	});

	it('explains the cell under the pointer with its score and weight', () => {
		expect(attentionMapView(state()).detail).toBe(
			'Hover over or focus a cell to see its score and weight.'
		);
		const active = { layer: 0, head: 0, t: 1, s: 0 };
		expect(attentionMapView(state({ active })).detail).toBe(
			'Layer 1, head 1: position 1 (a) looking at position 0 (start). ' +
				'Score q·k/√d = −0.123, softmax weight = 0.250.'
		);
	});

	it('shows the problem instead of maps when the name cannot be read', () => {
		const view = attentionMapView(state({ problem: 'The model has no token for “!”.' }));
		expect(view.problem).toBe('The model has no token for “!”.');
		expect(view.maps).toBeNull();
		expect(view.empty).toBe('');
		expect(view.detail).toBe('Hover over or focus a cell to see its score and weight.');
	});

	it('waits for the model, or for JavaScript in the prerendered page', () => {
		expect(attentionMapView(state({ attention: null })).empty).toBe('Waiting for the model…');
		expect(attentionMapView(state({ attention: null, connected: false })).empty).toBe(
			'The heat maps are computed by the model in your browser, so they need JavaScript.'
		);
	});

	it('averages a head’s weight on itself, the previous position and the start from row 2 on', () => {
		const weights = [
			[1, 0, 0, 0],
			[0.5, 0.5, 0, 0],
			[0.2, 0.7, 0.1, 0],
			[0.1, 0.1, 0.6, 0.2]
		];
		const focus = headFocus(weights)!;
		expect(focus.rows).toBe(2);
		expect(focus.previous).toBeCloseTo((0.7 + 0.6) / 2, 12);
		expect(focus.itself).toBeCloseTo((0.1 + 0.2) / 2, 12);
		expect(focus.start).toBeCloseTo((0.2 + 0.1) / 2, 12);
		// In rows 0 and 1 the three places are not three: nothing to average.
		expect(headFocus(weights.slice(0, 2))).toBeNull();
	});

	it('says in percent where each head looks, or that the name is too short to tell', () => {
		expect(attentionMapView(state()).focus).toEqual([
			{
				id: 'attention-focus',
				label: 'Where the heads look',
				value: 'type at least two letters: the averages start at the second letter'
			}
		]);
		const ab: AttentionMaps = {
			text: 'ab',
			tokens: ['◆', 'a', 'b'],
			layers: [
				[
					{ weights: [[1], [0.5, 0.5], [0.05, 0.74, 0.21]], scores: [] },
					{ weights: [[1], [0.5, 0.5], [0.9, 0.05, 0.05]], scores: [] }
				]
			]
		};
		expect(attentionMapView(state({ attention: ab })).focus).toEqual([
			{
				id: 'attention-focus-0-0',
				label: 'Layer 1, head 1',
				value: '74% on the previous position, 21% on itself, 5% on the start marker'
			},
			{
				id: 'attention-focus-0-1',
				label: 'Layer 1, head 2',
				value: '5% on the previous position, 5% on itself, 90% on the start marker'
			}
		]);
		expect(attentionMapView(state({ attention: null })).focus).toEqual([]);
	});
});
