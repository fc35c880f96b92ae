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
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

/** The install command for the emulator. */
export const MOTO_INSTALL = "pip install 'moto[server]==5.2.*'";
/** Env var naming the moto_server executable (default: `moto_server` on PATH). */
export const MOTO_SERVER_ENV = "MOTO_SERVER";
/** Env var naming the Python interpreter with boto3 (default: found from moto_server). */
export const MOTO_PYTHON_ENV = "MOTO_PYTHON";

const INSTALL_HELP = [
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

/** What the emulator holds: "<service>:<kind>" -> identifiers, only non-empty kinds. */
export type MotoInventory = Record<string, string[]>;

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

/**
 * Lists the resources the project can create, through the emulator's AWS APIs. Built-in
 * things are left out: default VPC and its parts, AWS-managed keys (moto makes them as
 * customer keys behind alias/aws/*) and policies, service roles, keys pending deletion,
 * inactive task definitions, and network interfaces (made by AWS for NAT gateways, mount
 * targets and tasks; moto keeps a NAT gateway's after deleting it).
 */
const INVENTORY_PY = String.raw`
import json, sys
import boto3
endpoint, region = sys.argv[1], sys.argv[2]
def c(name):
    return boto3.client(name, endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="testing", aws_secret_access_key="testing")
out = {}
def put(key, fn):
    try:
        ids = sorted(set(fn()))
    except Exception as e:  # a service moto cannot list is reported, not hidden
        ids = ["<error: %s>" % e]
    if ids:
        out[key] = ids
def pages(client, op, key, **kw):
    for page in client.get_paginator(op).paginate(**kw):
        for item in page[key]:
            yield item

s3 = c("s3")
put("s3:bucket", lambda: [b["Name"] for b in s3.list_buckets()["Buckets"]])
put("dynamodb:table", lambda: c("dynamodb").list_tables()["TableNames"])

ec2 = c("ec2")
default_vpcs = {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v.get("IsDefault")}
put("ec2:vpc", lambda: [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")])
put("ec2:subnet", lambda: [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if s["VpcId"] not in default_vpcs])
put("ec2:security-group", lambda: [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"] if g.get("VpcId") not in default_vpcs])
put("ec2:internet-gateway", lambda: [g["InternetGatewayId"] for g in ec2.describe_internet_gateways()["InternetGateways"]
                                      if not any(a["VpcId"] in default_vpcs for a in g.get("Attachments", []))])
put("ec2:nat-gateway", lambda: [g["NatGatewayId"] for g in ec2.describe_nat_gateways()["NatGateways"] if g["State"] not in ("deleted", "deleting")])
put("ec2:elastic-ip", lambda: [a.get("AllocationId", a.get("PublicIp")) for a in ec2.describe_addresses()["Addresses"]])
put("ec2:route-table", lambda: [t["RouteTableId"] for t in ec2.describe_route_tables()["RouteTables"] if t["VpcId"] not in default_vpcs])
put("ec2:flow-log", lambda: [f["FlowLogId"] for f in ec2.describe_flow_logs()["FlowLogs"]])
put("ec2:vpc-endpoint", lambda: [e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e.get("State", "").lower() not in ("deleted", "deleting")])

ecs = c("ecs")
clusters = [x for x in ecs.describe_clusters(clusters=ecs.list_clusters()["clusterArns"])["clusters"] if x["status"] == "ACTIVE"] if ecs.list_clusters()["clusterArns"] else []
put("ecs:cluster", lambda: [x["clusterName"] for x in clusters])
put("ecs:service", lambda: [s for x in clusters for s in ecs.list_services(cluster=x["clusterArn"])["serviceArns"]])
put("ecs:task-definition", lambda: ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"])

efs = c("efs")
put("efs:file-system", lambda: [f["FileSystemId"] for f in efs.describe_file_systems()["FileSystems"]])
put("efs:access-point", lambda: [a["AccessPointId"] for a in efs.describe_access_points()["AccessPoints"]])

elb = c("elbv2")
put("elbv2:load-balancer", lambda: [l["LoadBalancerName"] for l in elb.describe_load_balancers()["LoadBalancers"]])
put("elbv2:target-group", lambda: [t["TargetGroupName"] for t in elb.describe_target_groups()["TargetGroups"]])

kms = c("kms")
def keys():
    aws_managed = {a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"] if a["AliasName"].startswith("alias/aws/")}
    for k in kms.list_keys()["Keys"]:
        m = kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]
        if m.get("KeyManager") == "CUSTOMER" and m["KeyState"] != "PendingDeletion" and m["KeyId"] not in aws_managed:
            yield m["KeyId"]
put("kms:key", keys)
put("kms:alias", lambda: [a["AliasName"] for a in kms.list_aliases()["Aliases"] if not a["AliasName"].startswith("alias/aws/") and a.get("TargetKeyId")])

iam = c("iam")
put("iam:role", lambda: [r["RoleName"] for r in pages(iam, "list_roles", "Roles") if not r["Path"].startswith("/aws-service-role/")])
put("iam:policy", lambda: [p["PolicyName"] for p in pages(iam, "list_policies", "Policies", Scope="Local")])

logs = c("logs")
put("logs:log-group", lambda: [g["logGroupName"] for g in pages(logs, "describe_log_groups", "logGroups")])
sns = c("sns")
put("sns:topic", lambda: [t["TopicArn"] for t in sns.list_topics()["Topics"]])
put("sns:subscription", lambda: [s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]])
sd = c("servicediscovery")
put("servicediscovery:namespace", lambda: [n["Name"] for n in sd.list_namespaces()["Namespaces"]])
put("servicediscovery:service", lambda: [s["Name"] for s in sd.list_services()["Services"]])
bk = c("backup")
put("backup:vault", lambda: [v["BackupVaultName"] for v in bk.list_backup_vaults()["BackupVaultList"]])
put("backup:plan", lambda: [p["BackupPlanName"] for p in bk.list_backup_plans()["BackupPlansList"]])
put("ecr:repository", lambda: [r["repositoryName"] for r in c("ecr").describe_repositories()["repositories"]])
put("codebuild:project", lambda: c("codebuild").list_projects()["projects"])
put("ssm:parameter", lambda: [p["Name"] for p in c("ssm").describe_parameters()["Parameters"]])
put("cloudwatch:alarm", lambda: [a["AlarmName"] for a in c("cloudwatch").describe_alarms()["MetricAlarms"]])
put("events:rule", lambda: [r["Name"] for r in c("events").list_rules()["Rules"]])
json.dump(out, sys.stdout, indent=1, sort_keys=True)
`;

/** What the emulator at `endpoint` holds (see {@link INVENTORY_PY} for what is left out). */
export function motoInventory(endpoint: string, region = "eu-west-1"): MotoInventory {
  const python = findPython();
  if (!python) throw new Error(`No Python with moto and boto3 found.\n${INSTALL_HELP}`);
  const r = spawnSync(python, ["-c", INVENTORY_PY, endpoint, region], {
    encoding: "utf8",
    env: boto3Env(),
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`moto inventory failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as MotoInventory;
}

function boto3Env(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_EC2_METADATA_DISABLED: "true" };
  for (const k of ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"]) delete env[k];
  return env;
}

/**
 * Runs a boto3 snippet against the emulator and returns what it printed: `c(service)` makes a
 * client; `sys.argv[3:]` are `args`.
 */
export function boto3Run(endpoint: string, region: string, body: string, args: string[] = []): string {
  const python = findPython();
  if (!python) throw new Error(`No Python with moto and boto3 found.\n${INSTALL_HELP}`);
  const code = [
    "import boto3, sys",
    "def c(name): return boto3.client(name, endpoint_url=sys.argv[1], region_name=sys.argv[2], aws_access_key_id='testing', aws_secret_access_key='testing')",
    body,
  ].join("\n");
  const r = spawnSync(python, ["-c", code, endpoint, region, ...args], { encoding: "utf8", env: boto3Env(), maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`boto3 against the emulator failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/**
 * Requests an ACM certificate in the emulator and returns its ARN: what a user brings as
 * `loadBalancer.certificateArn` (moto's ELBv2 refuses a listener with an unknown one).
 */
export function motoCertificate(endpoint: string, region: string, domain: string): string {
  return boto3Run(endpoint, region, "print(c('acm').request_certificate(DomainName=sys.argv[3], ValidationMethod='DNS')['CertificateArn'])", [domain]).trim();
}

/**
 * A subnet of the emulator's default VPC and that VPC's default security group: what an awsvpc
 * service or RunTask needs (moto gives every task an ENI in a subnet it knows).
 */
export function motoDefaultNetwork(endpoint: string, region: string): { subnetId: string; securityGroupId: string } {
  const out = boto3Run(
    endpoint,
    region,
    [
      "import json",
      "ec2 = c('ec2')",
      "vpc = [v['VpcId'] for v in ec2.describe_vpcs()['Vpcs'] if v.get('IsDefault')][0]",
      "subnet = ec2.describe_subnets(Filters=[{'Name': 'vpc-id', 'Values': [vpc]}])['Subnets'][0]['SubnetId']",
      "sg = ec2.describe_security_groups(Filters=[{'Name': 'vpc-id', 'Values': [vpc]}, {'Name': 'group-name', 'Values': ['default']}])['SecurityGroups'][0]['GroupId']",
      "print(json.dumps({'subnetId': subnet, 'securityGroupId': sg}))",
    ].join("\n"),
  );
  return JSON.parse(out) as { subnetId: string; securityGroupId: string };
}

/** The content of an S3 object in the emulator (e.g. a state file the S3 backend wrote). */
export function motoObject(endpoint: string, region: string, bucket: string, key: string): string {
  return boto3Run(endpoint, region, "sys.stdout.write(c('s3').get_object(Bucket=sys.argv[3], Key=sys.argv[4])['Body'].read().decode())", [bucket, key]);
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
