/**
 * The reusable UI pieces for figures. Components can also be imported by path
 * ('$lib/ui/Slider.svelte'); runes modules by their .svelte path ('$lib/ui/theme.svelte').
 *
 *   import { Figure, Slider, Readout, DragHandle, Viewport, field, useUrlState } from '$lib/ui';
 */
export { default as DragHandle } from './DragHandle.svelte';
export { default as Figure } from './Figure.svelte';
export { default as Readout } from './Readout.svelte';
export { default as Slider } from './Slider.svelte';
export { default as ThemeSwitch } from './ThemeSwitch.svelte';

export { debounce, type Debounced } from './debounce';
export {
	applyAffine,
	clampPoint,
	keyToDelta,
	LinearScale,
	roundToStep,
	SHIFT_MULTIPLIER,
	Viewport,
	type Affine,
	type Bounds,
	type Point,
	type Size
} from './drag';
export { BRANCH_NAMES, figureCaption, figureHref, figureLabel, type Branch } from './figure';
export { useUrlState, type UrlState, type UrlStateOptions } from './figure-url.svelte';
export {
	decimalsOf,
	describeNonFinite,
	formatNumber,
	formatSignificant,
	MINUS,
	withRealMinus
} from './format';
export { inView, inViewAttachment, reducedMotion, type VisibilityCallback } from './motion.svelte';
export { linearScale, logScale, type SliderScale } from './slider-scale';
export {
	parseStoredTheme,
	resolveTheme,
	storedValueFor,
	THEME_CHOICES,
	THEME_KEY,
	type ResolvedTheme,
	type ThemeChoice
} from './theme';
export { applyTheme, theme, ThemeStore } from './theme.svelte';
export {
	decodeState,
	defaultState,
	encodeState,
	field,
	hrefWithState,
	MAX_RAW_LENGTH,
	namespaceKey,
	paramName,
	toSearch,
	type Field,
	type Schema,
	type StateOf
} from './url-state';
