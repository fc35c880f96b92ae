/**
 * Restore JENKINS_HOME from AWS Backup in one command (`npm run restore -- ...`). See
 * docs/operations.md, "Restore", and lib/restore/ for the steps.
 *
 *   npm run restore -- --list
 *   npm run restore -- --recovery-point <arn> --mode in-place [--yes]
 *   npm run restore -- --recovery-point <arn> --mode new-file-system [--write-config [--vars vars.json]]
 *
 * The stack's values come from `terraform output -json` in --stack-dir (default
 * cdktf.out/stacks/jenkins), from --outputs <file> (that JSON saved; with --module-output <name>
 * for a root module that outputs the registry module as one object), or from flags, which win.
 * Progress goes to stderr, results to stdout. AWS credentials and region: the SDK's usual chain.
 */
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import { parseArgs } from "util";
import {
  createRestoreClients,
  formatRecoveryPoints,
  listRecoveryPoints,
  parseOutputs,
  RestoreClients,
  RestoreClock,
  RestoreError,
  RestoreMode,
  restoreStepTitles,
  RestoreTarget,
  resolveTarget,
  runRestore,
  StackOutputs,
  streamReporter,
  SYSTEM_CLOCK,
  terraformOutputs,
  writeFileSystemId,
} from "../lib/restore";

const ROOT = path.resolve(__dirname, "..");

const OPTIONS = {
  help: { type: "boolean" },
  list: { type: "boolean" },
  "recovery-point": { type: "string" },
  mode: { type: "string" },
  yes: { type: "boolean" },
  "stack-dir": { type: "string" },
  outputs: { type: "string" },
  "module-output": { type: "string" },
  region: { type: "string" },
  vault: { type: "string" },
  cluster: { type: "string" },
  service: { type: "string" },
  "file-system-id": { type: "string" },
  "restore-task-definition": { type: "string" },
  "backup-role-arn": { type: "string" },
  "jenkins-home-path": { type: "string" },
  "restore-dir": { type: "string" },
  "new-restore-job": { type: "boolean" },
  "desired-count": { type: "string" },
  "no-wait-start": { type: "boolean" },
  "kms-key-id": { type: "string" },
  "write-config": { type: "boolean" },
  vars: { type: "string" },
  "timeout-minutes": { type: "string" },
  endpoint: { type: "string" },
} as const;

export const USAGE = `usage:
  npm run restore -- --list
  npm run restore -- --recovery-point <arn> --mode in-place [--yes]
  npm run restore -- --recovery-point <arn> --mode new-file-system [--write-config [--vars vars.json]]

where the stack's values come from (later wins):
  --stack-dir <dir>                 terraform output -json there (default cdktf.out/stacks/jenkins)
  --outputs <file>                  that JSON saved to a file (module users: terraform output -json > outputs.json)
  --module-output <name>            the outputs are the object output <name> (output "<name>" { value = module.jenkins })
  --region --vault --cluster --service --file-system-id --restore-task-definition --backup-role-arn

options:
  --yes                 in place: do not ask before stopping Jenkins
  --restore-dir <name>  in place: copy from this aws-backup-restore_<datetime> directory (default: the job's own)
  --new-restore-job     restore again even if a restore job of this point already completed
  --desired-count <n>   in place: controller tasks to start afterwards (default 1)
  --no-wait-start       in place: do not wait for the controller to run again
  --kms-key-id <arn>    new file system: its KMS key (default: the source file system's)
  --write-config        new file system: write storage.fileSystemId into --vars (default $JENKINS_VARS or vars.json)
  --timeout-minutes <n> give up waiting for the restore job after n minutes (default 1440); re-run to keep waiting
  --jenkins-home-path   JENKINS_HOME relative to the file-system root (default /jenkins-home)
`;

/** What the CLI needs from its surroundings (tests replace them). */
export interface CliDeps {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: RestoreClock;
  readonly clients: (region: string, endpoint?: string) => RestoreClients;
  readonly terraformOutputs: (dir: string, moduleOutput?: string) => StackOutputs;
  /** Asks a yes/no question; undefined when there is no terminal to ask on. */
  readonly confirm?: (question: string) => Promise<boolean>;
}

function ask(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      resolve(/^(y|yes)$/i.test(answer.trim()));
    }),
  );
}

const DEFAULT_DEPS: CliDeps = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  clock: SYSTEM_CLOCK,
  clients: (region, endpoint) =>
    createRestoreClients({ region, endpoint, credentials: endpoint ? { accessKeyId: "testing", secretAccessKey: "testing" } : undefined }),
  terraformOutputs,
  confirm: process.stdin.isTTY ? ask : undefined,
};

function positiveInt(v: string | undefined, flag: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new RestoreError(`${flag} must be a whole number >= ${min}, got "${v}".`);
  return n;
}

/** Runs the CLI; returns the exit code (0 done, 1 failed, 2 usage). */
export async function main(argv: string[], deps: CliDeps = DEFAULT_DEPS): Promise<number> {
  let args: Record<string, string | boolean | undefined>;
  try {
    args = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (e) {
    deps.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    deps.stdout.write(USAGE);
    return 0;
  }
  const mode = args.mode as RestoreMode | undefined;
  if (!args.list && !args["recovery-point"]) {
    deps.stderr.write(`Pass --list, or --recovery-point <arn> with --mode.\n\n${USAGE}`);
    return 2;
  }
  if (args["recovery-point"] && mode !== "in-place" && mode !== "new-file-system") {
    deps.stderr.write(`--mode must be in-place or new-file-system${args.mode ? `, got "${args.mode}"` : ""}.\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(args, mode, deps);
  } catch (e) {
    if (e instanceof RestoreError) {
      deps.stderr.write(`\nRestore stopped: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

type Args = Parameters<typeof resolveTarget>[1];

async function run(args: Record<string, string | boolean | undefined>, mode: RestoreMode | undefined, deps: CliDeps): Promise<number> {
  const s = (k: string) => args[k] as string | undefined;
  const flags: Args = {
    region: s("region"),
    vault: s("vault"),
    cluster: s("cluster"),
    service: s("service"),
    fileSystemId: s("file-system-id"),
    restoreTaskDefinition: s("restore-task-definition"),
    backupRoleArn: s("backup-role-arn"),
    jenkinsHomePath: s("jenkins-home-path"),
  };
  const envRegion = deps.env.AWS_REGION ?? deps.env.AWS_DEFAULT_REGION;
  const needed: (keyof RestoreTarget)[] = args.list
    ? ["vaultName"]
    : mode === "in-place"
      ? ["vaultName", "backupRoleArn", "fileSystemId", "cluster", "service", "restoreTaskDefinition"]
      : ["vaultName", "backupRoleArn"];

  // Flags first; the outputs only when flags leave something open.
  let resolved = resolveTarget({}, flags, envRegion);
  const missing = () => needed.filter((k) => !resolved.target[k]);
  if (missing().length || !resolved.region) {
    let outputs: StackOutputs;
    if (s("outputs")) {
      const file = s("outputs")!;
      if (!fs.existsSync(file)) throw new RestoreError(`--outputs ${file} does not exist. Save them with: terraform output -json > ${file}`);
      outputs = parseOutputs(fs.readFileSync(file, "utf8"), file, s("module-output"));
    } else {
      outputs = deps.terraformOutputs(path.resolve(s("stack-dir") ?? path.join(ROOT, "cdktf.out", "stacks", "jenkins")), s("module-output"));
    }
    resolved = resolveTarget(outputs, flags, envRegion);
  }
  const flagOf: Record<string, string> = {
    vaultName: "--vault (output backup_vault_name; backups must be on)",
    backupRoleArn: "--backup-role-arn (the stack's <prefix>-backup role)",
    fileSystemId: "--file-system-id (output efs_file_system_id)",
    cluster: "--cluster (output controller_cluster_name)",
    service: "--service (output controller_service_name)",
    restoreTaskDefinition: "--restore-task-definition (family <prefix>-restore)",
  };
  if (missing().length)
    throw new RestoreError(
      `Missing ${missing()
        .map((k) => flagOf[k])
        .join(", ")}.`,
    );
  if (!resolved.region) throw new RestoreError("Cannot tell the region: pass --region or set AWS_REGION.");
  for (const n of resolved.notes) deps.stderr.write(`note: ${n}\n`);
  const target = resolved.target as RestoreTarget;
  const clients = deps.clients(resolved.region, s("endpoint"));

  if (args.list) {
    // All file systems: after a new-file-system restore the vault also holds the old one's points.
    const points = await listRecoveryPoints(clients.backup, target.vaultName);
    deps.stdout.write(`Recovery points in ${target.vaultName} (${resolved.region}), newest first:\n${formatRecoveryPoints(points)}\n`);
    if (points.length) deps.stdout.write(`\nRestore one with: npm run restore -- --recovery-point <arn> --mode in-place|new-file-system\n`);
    return 0;
  }

  const recoveryPointArn = s("recovery-point")!;
  const titles = restoreStepTitles(mode!);
  deps.stderr.write(`Restore of ${recoveryPointArn} (${mode}) in ${resolved.region}:\n${titles.map((t, i) => `  ${i + 1}. ${t}`).join("\n")}\n`);
  if (mode === "in-place" && !args.yes) {
    if (!deps.confirm) throw new RestoreError("An in-place restore stops Jenkins and replaces JENKINS_HOME; without a terminal to confirm on, pass --yes.");
    const ok = await deps.confirm(`This stops Jenkins (${target.service}) and replaces JENKINS_HOME on ${target.fileSystemId}. Continue? [y/N] `);
    if (!ok) {
      deps.stderr.write("Nothing done.\n");
      return 1;
    }
  }
  const varsFile = s("vars") ?? deps.env.JENKINS_VARS ?? path.join(ROOT, "vars.json");
  const timeoutMinutes = positiveInt(s("timeout-minutes"), "--timeout-minutes", 1);
  const result = await runRestore(
    {
      recoveryPointArn,
      mode: mode!,
      target,
      restoreDir: s("restore-dir"),
      newRestoreJob: args["new-restore-job"] === true,
      desiredCount: positiveInt(s("desired-count"), "--desired-count", 0),
      waitForControllerStart: args["no-wait-start"] !== true,
      kmsKeyId: s("kms-key-id"),
      onNewFileSystem: args["write-config"] ? (id) => writeFileSystemId(varsFile, id) : undefined,
      timeouts: { restoreJobMs: timeoutMinutes ? timeoutMinutes * 60_000 : undefined },
    },
    { clients, reporter: streamReporter(deps.stderr), clock: deps.clock },
  );
  const steps = result.steps.map((st) => `  ${st.outcome === "skipped" ? "already done" : "done        "}  ${st.title}`).join("\n");
  if (result.mode === "in-place") {
    deps.stdout.write(
      `\nRestored JENKINS_HOME from ${result.recoveryPoint.arn} (restore job ${result.restoreJob.id}).\n${steps}\n` +
        `Clean up when Jenkins works: the restore left aws-backup-restore_* and .jenkins-home-before-${result.restoreJob.id} at the file-system root.\n`,
    );
  } else {
    deps.stdout.write(
      `\nRestored ${result.recoveryPoint.arn} into the new file system ${result.newFileSystemId} (restore job ${result.restoreJob.id}).\n${steps}\n` +
        `Next: ${args["write-config"] ? "" : `set "storage": { "fileSystemId": "${result.newFileSystemId}" } in vars.json, then `}run \`npm run deploy\` to switch the controller to it.\n`,
    );
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
