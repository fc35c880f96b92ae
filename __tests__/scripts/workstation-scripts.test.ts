/**
 * The workstation npm scripts run as the README writes them: with the stack-dependency and
 * provider-lock flags the cdktf CLI needs, in a terminal and without one, with the provider
 * from a mirror only (no registry.terraform.io).
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cdktfArguments, cdktfBin } from "../../scripts/cdktf";
import { EMULATOR_ENDPOINT_ENV, runEmulatorApp } from "../../tools/emulator/emulator-app";
import { offlineEnv } from "../../tools/terraform/offline-terraform";
import { inputWith, ROOT } from "../support/project";
import { describeTerraform } from "../support/terraform";

const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
const WRAPPER = "node -r ./scripts/register-swc.js scripts/cdktf.ts";

/** What each workstation script must run: the cdktf command line after the wrapper. */
const EXPECTED: Record<string, { command: string; target: string; flags: string[] }> = {
  bootstrap: { command: "deploy", target: "state", flags: ["--skip-provider-lock"] },
  "state:migrate": { command: "deploy", target: "state", flags: ["--migrate-state", "--skip-provider-lock"] },
  // jenkins depends on state: cdktf refuses to deploy it alone without this flag.
  deploy: { command: "deploy", target: "jenkins", flags: ["--ignore-missing-stack-dependencies", "--skip-provider-lock"] },
  "deploy:all": { command: "deploy", target: "'*'", flags: ["--skip-provider-lock"] },
  diff: { command: "diff", target: "jenkins", flags: ["--skip-provider-lock"] },
  output: { command: "output", target: "jenkins", flags: ["--skip-provider-lock"] },
  destroy: { command: "destroy", target: "jenkins", flags: ["--skip-provider-lock"] },
  // state is a dependency of jenkins: cdktf refuses to destroy it alone without this flag.
  "destroy:state": { command: "destroy", target: "state", flags: ["--ignore-missing-stack-dependencies", "--skip-provider-lock"] },
};

/** The options `cdktf <command> --help` of the installed CLI lists. */
function cliOptions(command: string): string[] {
  const r = spawnSync(process.execPath, [cdktfBin(), command, "--help"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  return [...r.stdout.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]);
}

describe("workstation npm scripts", () => {
  test.each(Object.keys(EXPECTED))("%s runs the cdktf wrapper with its command, stack and flags", (name) => {
    const want = EXPECTED[name];
    const script = scripts[name];
    expect(script.startsWith(`${WRAPPER} `)).toBe(true);
    const args = script.slice(WRAPPER.length + 1).split(/\s+/);
    expect(args.slice(0, 2)).toEqual([want.command, want.target]);
    expect(args.slice(2).sort()).toEqual([...want.flags].sort());
    // Approval is decided at run time (below), never baked into a script.
    expect(args).not.toContain("--auto-approve");
  });

  test("every flag of the scripts is an option of the installed cdktf CLI for that command", () => {
    const byCommand = new Map<string, Set<string>>();
    for (const { command, flags } of Object.values(EXPECTED)) byCommand.set(command, new Set([...(byCommand.get(command) ?? []), ...flags]));
    // The wrapper adds --auto-approve to these without a terminal.
    for (const command of ["deploy", "destroy"]) byCommand.get(command)!.add("--auto-approve");
    for (const [command, flags] of byCommand) {
      const known = cliOptions(command);
      expect(known.length).toBeGreaterThan(5);
      for (const f of flags) expect([command, f, known.includes(f)]).toEqual([command, f, true]);
    }
  });

  test("the README's Workstation section names the flags, the terminal rule and the emulator workflow", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### 1. Workstation"), readme.indexOf("### 2. "));
    for (const text of ["--ignore-missing-stack-dependencies", "--skip-provider-lock", "--auto-approve", "docs/workstation.md"])
      expect(section).toContain(text);
    const doc = fs.readFileSync(path.join(ROOT, "docs", "workstation.md"), "utf8");
    for (const text of ["tools/emulator/moto-server.ts start", "acm import-certificate", "tools/emulator/emulator-app.ts"]) expect(doc).toContain(text);
  });

  test("docs/workstation.md's emulator workflow by hand: its vars change and flags synthesize emulator output (offline, no moto)", () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "workstation.md"), "utf8");
    const start = doc.indexOf("## Trying it against the AWS API emulator, by hand");
    expect(start).toBeGreaterThan(0);
    const section = doc.slice(start, doc.indexOf("\n## ", start + 1) > 0 ? doc.indexOf("\n## ", start + 1) : undefined);
    const blocks = (lang: string) => [...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1].replace(/^ {3}/gm, ""));
    // Step 3: the fields changed in a copy of vars.example.json.
    const [change] = blocks("json");
    const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-4333-8444-555555555555";
    const vars = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "emulator-by-hand-")), "vars.emulator.json");
    fs.writeFileSync(vars, JSON.stringify(inputWith(JSON.parse(change.replace("<the ARN above>", certificateArn)))));
    // Step 4: every command is an npm script of package.json with the emulator's app entry and an output outside the project.
    const sh = blocks("sh").join("\n");
    const emu = /^EMU=\(--app "([^"]+)" --output (\S+)\)$/m.exec(sh);
    expect(emu).not.toBeNull();
    const [, app, output] = emu!;
    expect(app).toBe("node -r ./scripts/register-swc.js tools/emulator/emulator-app.ts");
    expect(path.relative(ROOT, output).startsWith("..")).toBe(true);
    const runs = [...sh.matchAll(/^npm run (\S+)\s+-- "\$\{EMU\[@\]\}"$/gm)].map((m) => m[1]);
    expect(runs).toEqual(["bootstrap", "deploy", "destroy", "destroy:state"]);
    for (const r of runs) expect(scripts[r]).toBeDefined();
    expect(sh).toMatch(/^export JENKINS_VARS=\S+ EMULATOR_ENDPOINT=http:\/\/127\.0\.0\.1:5000$/m);

    // What --app runs, into a directory like the documented one (its parent holds the local state files).
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "emulator-by-hand-out-")), "cdktf.out");
    let stderr = "";
    const code = runEmulatorApp(ROOT, { ...process.env, JENKINS_VARS: vars, [EMULATOR_ENDPOINT_ENV]: "http://127.0.0.1:5000" }, (t) => (stderr += t), outdir);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    for (const stack of ["state", "jenkins"]) {
      const dir = path.join(outdir, "stacks", stack);
      const override = fs.readdirSync(dir).find((f) => /override\.tf\.json$/.test(f));
      expect({ stack, override: override !== undefined }).toEqual({ stack, override: true });
      expect(fs.readFileSync(path.join(dir, override!), "utf8")).toContain("http://127.0.0.1:5000");
    }
    const jenkins = fs.readFileSync(path.join(outdir, "stacks", "jenkins", "cdk.tf.json"), "utf8");
    expect(jenkins).toContain(certificateArn);
    // The vars change lets a destroy remove JENKINS_HOME and the state bucket.
    expect(jenkins).not.toContain('"prevent_destroy": true');
    expect(fs.readFileSync(path.join(outdir, "stacks", "state", "cdk.tf.json"), "utf8")).toMatch(/"force_destroy": true/);
  });

  test("without a terminal, deploy and destroy get --auto-approve (cdktf's prompt needs one); in a terminal they do not", () => {
    for (const command of ["deploy", "destroy"]) {
      const headless = cdktfArguments([command, "jenkins", "--skip-provider-lock"], { stdinIsTTY: false });
      expect(headless.args).toEqual([command, "jenkins", "--skip-provider-lock", "--auto-approve"]);
      expect(headless.notes.join("\n")).toMatch(/no terminal.*--auto-approve/);
      expect(cdktfArguments([command, "jenkins"], { stdinIsTTY: true })).toEqual({ args: [command, "jenkins"], notes: [] });
      // Given explicitly, it is not repeated.
      expect(cdktfArguments([command, "jenkins", "--auto-approve"], { stdinIsTTY: false }).args.filter((a) => a === "--auto-approve")).toHaveLength(1);
    }
    for (const command of ["diff", "output", "synth"]) {
      expect(cdktfArguments([command, "jenkins"], { stdinIsTTY: false }).args).toEqual([command, "jenkins"]);
    }
  });
});

/** Runs `npm run <script> -- <extra>` with stdin not a terminal; resolves with the exit code and output. */
function npmRun(script: string, extra: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", script, "--", ...extra], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ status: code ?? -1, output }));
  });
}

describeTerraform("workstation npm scripts against the real cdktf CLI (no terminal, provider from the mirror only)", () => {
  // No credentials at all, no instance metadata: the first AWS call fails at once.
  const noCredentials = (): NodeJS.ProcessEnv => {
    const env = offlineEnv({
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true",
      FORCE_COLOR: "0",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: "/nonexistent/aws-config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
      JENKINS_VARS: path.join(ROOT, "vars.example.json"),
    });
    for (const k of [
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_PROFILE",
      "AWS_WEB_IDENTITY_TOKEN_FILE",
      "AWS_CONTAINER_CREDENTIALS_FULL_URI",
      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    ])
      delete env[k];
    return env;
  };

  test("npm run deploy gets past stack dependencies, init and provider locking, and stops only at the missing AWS credentials", async () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "npm-deploy-")), "cdktf.out");
    const r = await npmRun("deploy", ["--output", outdir, "--no-color"], noCredentials());
    expect(r.output).not.toMatch(/dependencies are not included/);
    expect(r.output).not.toMatch(/Could not retrieve providers for locking/);
    expect(r.output).not.toMatch(/Raw mode is not supported/);
    expect(r.output).toMatch(/Terraform has been successfully initialized/);
    expect(r.output).toMatch(/No valid credential sources found/);
    expect(r.status).not.toBe(0);
  });

  test("npm run destroy:state runs to the end without a terminal (empty state: nothing to destroy, no credentials needed)", async () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "npm-destroy-")), "cdktf.out");
    const r = await npmRun("destroy:state", ["--output", outdir, "--no-color"], noCredentials());
    expect(r.output).not.toMatch(/dependencies are not included|Could not retrieve providers for locking|Raw mode is not supported/);
    expect(r.output).toMatch(/runs with --auto-approve/);
    if (r.status !== 0) throw new Error(`npm run destroy:state exited ${r.status}:\n${r.output.slice(-4000)}`);
  });
});
