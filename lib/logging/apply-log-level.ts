// LOG_LEVEL (README "Configuration"): the server, the worker and the runner log through console, and
// so do the libraries they use; below the chosen level those console methods are silenced in this
// process. debug < info < warn < error < silent.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };
const methods = [
  ['debug', 'debug'],
  ['trace', 'debug'],
  ['log', 'info'],
  ['info', 'info'],
  ['warn', 'warn'],
  ['error', 'error'],
] as const;

type ConsoleLike = Pick<Console, (typeof methods)[number][0]>;

/** Silences the console methods below `level` on `target` (the global console by default). */
export function applyLogLevel(level: LogLevel, target: ConsoleLike = console): void {
  for (const [method, methodLevel] of methods) {
    if (order[methodLevel] < order[level]) target[method] = () => {};
  }
}
