/**
 * The local ClearML API server as `npm start` runs it: a child process in its own process group, started on a port,
 * watched after it is up. Its end (crash, kill, Ctrl-C in its group) is reported once through `onStopped` and never
 * ends the caller (VS Code keeps running); `restart()` starts it again on the same port when that port is free.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface ApiProcessOptions {
  /** out/server/cli.js */
  cli: string;
  /** Arguments after --port (edition, seed, data file …). */
  args: string[];
  port: number;
  /** Request log, appended to. */
  logFile: string;
  /** Called when the server ends after it was up, with its exit code or signal. */
  onStopped(how: string): void;
  /** How long to wait for the "listening on" line. */
  startTimeoutMs?: number;
}

export class ApiProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  url: string | undefined;

  constructor(private readonly options: ApiProcessOptions) {}

  get running(): boolean { return !!this.child && this.child.exitCode === null && this.child.signalCode === null; }
  get pid(): number | undefined { return this.child?.pid; }

  /** Starts the server; resolves with its URL, rejects (with its output) if it ends or prints no URL in time. */
  start(port = this.options.port): Promise<string> {
    const { cli, args, logFile, startTimeoutMs = 20_000 } = this.options;
    this.stopping = false;
    const child = spawn(process.execPath, [cli, '--port', String(port), ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    return new Promise<string>((resolve, reject) => {
      let out = '';
      const onData = (d: Buffer): void => {
        out += d.toString();
        const m = /listening on (https?:\/\/\S+)/.exec(out);
        if (!m) return;
        // Once: later output (the request log) goes only to the log file.
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        clearTimeout(timer);
        child.off('exit', onEarlyExit);
        child.once('exit', (code, signal) => { if (!this.stopping) this.options.onStopped(signal ? `signal ${signal}` : `exit code ${code}`); });
        this.url = m[1];
        resolve(m[1]);
      };
      const onEarlyExit = (code: number | null): void => { clearTimeout(timer); reject(new Error(`the local ClearML server exited with ${code}:\n${out}`)); };
      const timer = setTimeout(() => { void this.stop().then(() => reject(new Error(`the local ClearML server printed no URL within ${startTimeoutMs / 1000} s:\n${out}`))); }, startTimeoutMs);
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', onEarlyExit);
    });
  }

  /** Starts it again on the port of its last URL (so clearml.conf stays right), else on `port`. */
  restart(): Promise<string> {
    const last = this.url ? Number(new URL(this.url).port) : this.options.port;
    return this.start(last);
  }

  /** Ends the server's process group (SIGTERM, then SIGKILL after 5 s); no `onStopped` for this. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid || !this.running) return;
    this.stopping = true;
    const alive = (): boolean => { try { process.kill(-child.pid!, 0); return true; } catch { return false; } };
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
    const timer = setTimeout(() => { if (alive()) try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await gone;
    clearTimeout(timer);
  }
}
