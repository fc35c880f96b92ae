/** Where the emulator is installed: moto_server, its version, and the Python with boto3 next to it. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The install command for the emulator. */
export const MOTO_INSTALL = "pip install 'moto[server]==5.2.*'";
/** Env var naming the moto_server executable (default: `moto_server` on PATH). */
export const MOTO_SERVER_ENV = "MOTO_SERVER";
/** Env var naming the Python interpreter with boto3 (default: found from moto_server). */
export const MOTO_PYTHON_ENV = "MOTO_PYTHON";

/** How to install the emulator (for error messages). */
export const INSTALL_HELP = [
  "The AWS API emulator tests need moto's standalone server (moto 5.2, Python >= 3.9):",
  `  ${MOTO_INSTALL}`,
  `so that \`moto_server\` is on PATH (or name it with ${MOTO_SERVER_ENV}=/path/to/moto_server).`,
].join("\n");

function onPath(cmd: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The moto_server executable, or undefined. */
export function findMotoServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env[MOTO_SERVER_ENV];
  if (explicit) return fs.existsSync(explicit) ? explicit : undefined;
  return onPath("moto_server", env);
}

/** moto's version, or undefined when moto_server cannot run. */
export function motoVersion(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const python = findPython(env);
  if (!python) return undefined;
  const r = spawnSync(python, ["-c", "import moto; print(moto.__version__)"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

let pythonCache: string | null | undefined;

/**
 * A Python interpreter that has moto and boto3: $MOTO_PYTHON, the interpreter of
 * moto_server's `#!` line, then python3 and python on PATH.
 */
export function findPython(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (pythonCache !== undefined) return pythonCache ?? undefined;
  const candidates: string[] = [];
  if (env[MOTO_PYTHON_ENV]) candidates.push(env[MOTO_PYTHON_ENV]!);
  const server = findMotoServer(env);
  if (server) {
    const first = fs.readFileSync(server, "utf8").split("\n", 1)[0];
    const m = /^#!\s*(\S*python[\w.]*)\s*$/.exec(first);
    if (m) candidates.push(m[1]);
  }
  candidates.push("python3", "python");
  pythonCache = candidates.find((py) => spawnSync(py, ["-c", "import moto, boto3"], { encoding: "utf8" }).status === 0) ?? null;
  return pythonCache ?? undefined;
}

/** Why the emulator cannot run here, or undefined if it can. */
export function motoProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!findMotoServer(env)) return `moto_server was not found.\n${INSTALL_HELP}`;
  if (!findPython(env)) return `moto_server was found, but no Python with moto and boto3 (set ${MOTO_PYTHON_ENV}).\n${INSTALL_HELP}`;
  return undefined;
}
