import { describe, expect, it } from 'vitest';
import { WorkerClient, type WorkerFailure } from './client';
import { FakeWorker } from './fake-worker';

type Ping = { type: 'ping'; n: number };
type Pong = { type: 'pong'; n: number };
const isPong = (x: unknown): x is Pong =>
	typeof x === 'object' && x !== null && (x as Pong).type === 'pong';

function setup() {
	const workers: FakeWorker[] = [];
	const received: Pong[] = [];
	const failures: WorkerFailure[] = [];
	const client = new WorkerClient<Ping, Pong>({
		create: () => {
			const worker = new FakeWorker();
			workers.push(worker);
			return worker;
		},
		accepts: isPong,
		onmessage: (message) => received.push(message),
		onfailure: (failure) => failures.push(failure)
	});
	return { client, workers, received, failures };
}

describe('the typed worker client', () => {
	it('starts no worker until the first post, then reuses it', () => {
		const { client, workers } = setup();
		expect(workers).toHaveLength(0);
		expect(client.started).toBe(false);
		expect(client.post({ type: 'ping', n: 1 })).toBe(true);
		client.post({ type: 'ping', n: 2 });
		expect(workers).toHaveLength(1);
		expect(workers[0]!.posted).toEqual([
			{ type: 'ping', n: 1 },
			{ type: 'ping', n: 2 }
		]);
		expect(client.started).toBe(true);
	});

	it('hands on messages that pass the guard and reports the others as unexpected', () => {
		const { client, workers, received, failures } = setup();
		client.post({ type: 'ping', n: 1 });
		workers[0]!.reply({ type: 'pong', n: 1 });
		workers[0]!.reply({ type: 'bogus' });
		expect(received).toEqual([{ type: 'pong', n: 1 }]);
		expect(failures).toEqual([{ kind: 'unexpected', data: { type: 'bogus' } }]);
	});

	it('reports a crash with its message, and stops the browser logging it again', () => {
		const { client, workers, failures } = setup();
		client.post({ type: 'ping', n: 1 });
		expect(workers[0]!.crash('boom')).toBe(true);
		workers[0]!.crash();
		expect(failures).toEqual([
			{ kind: 'crashed', message: 'boom' },
			{ kind: 'crashed', message: '' }
		]);
	});

	it('reports a message that could not be read', () => {
		const { client, workers, failures } = setup();
		client.post({ type: 'ping', n: 1 });
		workers[0]!.garble();
		expect(failures).toEqual([{ kind: 'unreadable' }]);
	});

	it('reports a post that throws, or a worker that cannot be made, as unreachable', () => {
		const { client, workers, failures } = setup();
		client.post({ type: 'ping', n: 1 });
		workers[0]!.refuse = new Error('could not be cloned');
		expect(client.post({ type: 'ping', n: 2 })).toBe(false);
		const broken = new WorkerClient<Ping, Pong>({
			create: () => {
				throw new ReferenceError('Worker is not defined');
			},
			accepts: isPong,
			onmessage: () => {},
			onfailure: (failure) => failures.push(failure)
		});
		expect(broken.post({ type: 'ping', n: 1 })).toBe(false);
		expect(failures).toEqual([
			{ kind: 'unreachable', message: 'could not be cloned' },
			{ kind: 'unreachable', message: 'Worker is not defined' }
		]);
		expect(broken.started).toBe(false);
	});

	it('terminates the worker, ignores its late events, and starts a fresh one on the next post', () => {
		const { client, workers, received, failures } = setup();
		client.post({ type: 'ping', n: 1 });
		const old = workers[0]!;
		client.terminate();
		expect(old.terminated).toBe(true);
		expect(client.started).toBe(false);
		old.reply({ type: 'pong', n: 1 });
		old.crash('late');
		old.garble();
		expect(received).toEqual([]);
		expect(failures).toEqual([]);
		client.post({ type: 'ping', n: 2 });
		expect(workers).toHaveLength(2);
		workers[1]!.reply({ type: 'pong', n: 2 });
		expect(received).toEqual([{ type: 'pong', n: 2 }]);
	});
});
