import { describe, expect, it } from 'vitest';
import * as ui from './index';

describe('the ui index', () => {
	it('re-exports every component and helper', () => {
		for (const name of [
			'DragHandle',
			'Figure',
			'Readout',
			'Slider',
			'ThemeSwitch',
			'formatNumber',
			'describeNonFinite',
			'field',
			'decodeState',
			'encodeState',
			'useUrlState',
			'Viewport',
			'keyToDelta',
			'theme',
			'reducedMotion',
			'inView',
			'figureLabel',
			'logScale'
		]) {
			expect(ui, name).toHaveProperty(name);
		}
	});
});
