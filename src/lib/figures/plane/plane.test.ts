import { describe, expect, it } from 'vitest';
import { Viewport } from '$lib/ui/drag';
import { arrowHead, planeAxes } from './plane';

describe('the coordinate plane', () => {
	it('puts the axes through the origin and a grid line at every whole unit', () => {
		const vp = new Viewport({ x0: -5, x1: 5, y0: -5, y1: 5 }, { width: 400, height: 400 }, 16);
		const axes = planeAxes(vp);
		expect(axes.origin).toEqual([200, 200]);
		expect([axes.left, axes.right, axes.top, axes.bottom]).toEqual([16, 384, 16, 384]);
		expect(axes.gridX).toHaveLength(11);
		expect(axes.gridX[0]).toBe(16);
		expect(axes.gridY[0]).toBe(384);
	});

	it('skips the fractions at the edges of an uneven range', () => {
		const vp = new Viewport({ x0: -1.5, x1: 2.5, y0: 0.5, y1: 1.5 }, { width: 400, height: 100 });
		const axes = planeAxes(vp);
		expect(axes.gridX.map((x) => vp.x.invert(x))).toEqual([-1, 0, 1, 2]);
		expect(axes.gridY.map((y) => vp.y.invert(y))).toEqual([1]);
	});

	it('draws an arrowhead as a triangle with its point on the tip, and none for no arrow', () => {
		const head = arrowHead([0, 0], [100, 0], 10);
		expect(head).toBe('100.0,0.0 90.0,5.5 90.0,-5.5');
		expect(arrowHead([3, 3], [3, 3])).toBe('');
	});
});
