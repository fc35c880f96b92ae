/**
 * An AWS API emulator for tests: moto's standalone server (`moto_server`, Python).
 *
 * - starts moto_server on a free 127.0.0.1 port in its own process group, waits until it
 *   answers, and stops it by killing the whole group,
 * - resets it (`POST /moto-api/reset`) between suites,
 * - lists what it holds through its AWS APIs (boto3, which moto depends on), so a test can
 *   prove a destroy left nothing behind. (`/moto-api/data.json` cannot: it keeps every model
 *   instance ever created, deleted ones included.)
 *
 * CLI: `node -r ./scripts/register-swc.js tools/emulator/moto-server.ts <command>`
 *   check                    say whether moto_server (and boto3 for inventories) is usable
 *   start [--port N]         run moto in the foreground, print the endpoint; Ctrl-C stops it
 *   reset <endpoint>         forget everything the emulator holds
 *   inventory <endpoint> [region]   list what it holds (JSON)
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { MotoInventory, motoInventory } from "./moto-boto3";
import { findMotoServer, findPython, INSTALL_HELP, motoProblem, motoVersion } from "./moto-install";

export * from "./moto-install";
export * from "./moto-boto3";

/** A free TCP port on 127.0.0.1 (free when asked; start() retries if it is taken meanwhile). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Options of {@link MotoServer.start}. */
export interface MotoStartOptions {
  /** Port to use. @default - a free port */
  readonly port?: number;
  /** How long to wait for the server to answer. @default 30 s */
  readonly timeoutMs?: number;
  /** Extra environment of the server (e.g. MOTO_ACCOUNT_ID). */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the server's request log goes. @default - a temp file */
  readonly logFile?: string;
}

/** A running moto_server. */
export class MotoServer {
  /** Starts moto_server and waits until it answers. */
  public static async start(opts: MotoStartOptions = {}): Promise<MotoServer> {
    const exe = findMotoServer();
    if (!exe) throw new Error(`moto_server was not found.\n${INSTALL_HELP}`);
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = opts.port ?? (await freePort());
      const logDir = opts.logFile ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "moto-"));
      const logFile = opts.logFile ?? path.join(logDir!, "moto.log");
      const fd = fs.openSync(logFile, "a");
      const child = spawn(exe, ["-H", "127.0.0.1", "-p", String(port)], {
        // Its own process group, so stop() ends the shim, Python and any worker together.
        detached: true,
        stdio: ["ignore", fd, fd],
        env: {
          ...process.env,
          // Without it, attaching AWS-managed policies (arn:aws:iam::aws:policy/...) fails.
          MOTO_IAM_LOAD_MANAGED_POLICIES: "true",
          // Fake credentials for anything that talks to the server (boto3 inventories).
          AWS_ACCESS_KEY_ID: "testing",
          AWS_SECRET_ACCESS_KEY: "testing",
          // moto's request recorder (/moto-api/recorder/*, off until started) writes next to the log, not into the working directory.
          MOTO_RECORDER_FILEPATH: path.join(path.dirname(logFile), "moto-recording.jsonl"),
          ...opts.env,
        },
      });
      fs.closeSync(fd);
      const server = new MotoServer(port, child.pid!, logFile, logDir);
      // Never outlive the test process, even when it crashes before stop().
      const killOnExit = () => server.killNow();
      process.once("exit", killOnExit);
      server.onStop = () => process.removeListener("exit", killOnExit);
      let exited: number | null | undefined;
      child.on("exit", (code) => (exited = code));
      const deadline = Date.now() + (opts.timeoutMs ?? 30000);
      while (Date.now() < deadline && exited === undefined) {
        if (await server.answers()) return server;
        await sleep(100);
      }
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : "";
      await server.stop();
      lastError = new Error(
        exited !== undefined
          ? `moto_server exited (code ${exited}) before answering on port ${port}:\n${log}`
          : `moto_server did not answer on ${server.endpoint} within ${opts.timeoutMs ?? 30000} ms:\n${log}`,
      );
      if (opts.port !== undefined) break;
    }
    throw lastError;
  }

  /** `http://127.0.0.1:<port>`. */
  public readonly endpoint: string;
  private stopped = false;
  private onStop?: () => void;

  private constructor(
    public readonly port: number,
    /** Process (and process group) id of the server. */
    public readonly pid: number,
    /** The server's request log. */
    public readonly logFile: string,
    /** A temp directory of the log, removed by stop(). */
    private readonly logDir?: string,
  ) {
    this.endpoint = `http://127.0.0.1:${port}`;
  }

  /** Whether the server answers HTTP. */
  public async answers(): Promise<boolean> {
    try {
      const r = await fetch(`${this.endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets every resource (all services, all regions). */
  public async reset(): Promise<void> {
    await resetMoto(this.endpoint);
  }

  /** What the emulator holds in `region` (and globally: S3, IAM). */
  public inventory(region = "eu-west-1"): MotoInventory {
    return motoInventory(this.endpoint, region);
  }

  /** SIGKILL to the server's process group, synchronously (for process exit). */
  public killNow(): void {
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }

  /** Stops the server: SIGTERM to its process group, SIGKILL after 5 s. Idempotent. */
  public async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.onStop?.();
    const alive = () => {
      try {
        process.kill(-this.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (alive()) {
      try {
        process.kill(-this.pid, "SIGTERM");
      } catch {
        // gone meanwhile
      }
      for (let i = 0; i < 50 && alive(); i++) await sleep(100);
      if (alive()) this.killNow();
    }
    if (this.logDir && !process.env.KEEP_MOTO_LOG) fs.rmSync(this.logDir, { recursive: true, force: true });
  }
}

/** `POST /moto-api/reset`. */
export async function resetMoto(endpoint: string): Promise<void> {
  const r = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
  if (!r.ok) throw new Error(`moto reset failed: HTTP ${r.status} ${await r.text()}`);
}

async function cli(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === "check") {
    const problem = motoProblem();
    if (problem) {
      process.stderr.write(`${problem}\n`);
      return 1;
    }
    process.stdout.write(`moto ${motoVersion()} (${findMotoServer()}, Python ${findPython()})\n`);
    return 0;
  }
  if (cmd === "start") {
    const i = rest.indexOf("--port");
    const server = await MotoServer.start({ port: i >= 0 ? Number(rest[i + 1]) : undefined });
    process.stdout.write(
      [
        `moto_server answers on ${server.endpoint} (pid ${server.pid}, log ${server.logFile}).`,
        `Deploy to it with the npm scripts and the test-only app entry (docs/workstation.md, "Trying it against the AWS API emulator, by hand"), e.g.:`,
        `  EMULATOR_ENDPOINT=${server.endpoint} npm run bootstrap -- --output /tmp/emulator/cdktf.out --app "node -r ./scripts/register-swc.js tools/emulator/emulator-app.ts"`,
        "Ctrl-C stops it.",
        "",
      ].join("\n"),
    );
    await new Promise<void>((resolve) => {
      process.on("SIGINT", resolve);
      process.on("SIGTERM", resolve);
    });
    await server.stop();
    return 0;
  }
  if (cmd === "reset" && rest[0]) {
    await resetMoto(rest[0]);
    return 0;
  }
  if (cmd === "inventory" && rest[0]) {
    process.stdout.write(`${JSON.stringify(motoInventory(rest[0], rest[1]), null, 2)}\n`);
    return 0;
  }
  process.stderr.write("usage: moto-server.ts check | start [--port N] | reset <endpoint> | inventory <endpoint> [region]\n");
  return 2;
}

if (require.main === module) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
