/**
 * The module's network (issue 16): `vpc_id` unset creates the VPC with the stack's Network
 * construct, switched by `count`; examples/new-vpc plans with no input at all; the new-VPC
 * variables flip what is planned; contradictory inputs fail with the module's messages.
 * Plans run offline; the two reads a plan without account id and zones makes (STS, EC2) go to
 * a local fake (__tests__/support/fake-aws.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OFFLINE_PROVIDER_OVERRIDE, offlineInit } from "../../tools/terraform/offline-terraform";
import { ModuleBuild, buildModule, synthesizeModule } from "../../lib/module/package-module";
import { FAKE_ACCOUNT_ID, FakeAws, startFakeAws } from "../support/fake-aws";
import { errorsInCall } from "../support/module-calls";
import { describeTerraform } from "../support/terraform";
import { terraformAsync, terraformOkAsync } from "../support/terraform-async";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

describe("the module's network in main.tf.json", () => {
  const { main } = synthesizeModule();
  const resource = main.resource as Resources;
  const locals = main.locals as Record<string, string>;

  test("every network resource is counted on vpc_id == null; per-zone ones also on the zone count", () => {
    const network = Object.entries(resource).flatMap(([type, byName]) =>
      Object.entries(byName)
        // By construct path: the network's primary resources are named `this` (aws_vpc.this...).
        .filter(([, b]) => String(b["//"]).startsWith("construct: Network/"))
        .map(([n, b]) => ({ address: `${type}.${n}`, count: String(b.count) })),
    );
    expect(network.length).toBeGreaterThan(30);
    for (const r of network) expect({ address: r.address, counted: r.count.includes("(var.vpc_id == null)") }).toEqual({ address: r.address, counted: true });
    expect(resource.aws_vpc.this.count).toBe("${(var.vpc_id == null) ? 1 : 0}");
    expect(resource.aws_subnet.network_private_subnet2.count).toBe("${((var.vpc_id == null) && (max(2, length(var.availability_zones)) > 2)) ? 1 : 0}");
    expect(resource.aws_nat_gateway.network_nat_gateway1.count).toBe('${((var.vpc_id == null) && !(var.nat_gateways == "single")) ? 1 : 0}');
    expect(resource.aws_flow_log.this.count).toBe("${((var.vpc_id == null) && var.vpc_flow_logs) ? 1 : 0}");
    expect(resource.aws_subnet.network_public_subnet3).toBeUndefined();
  });

  test("Jenkins runs in local.vpc_id and the local subnet lists: the created ones or yours", () => {
    expect(locals.vpc_id).toBe("${(var.vpc_id == null) ? one(aws_vpc.this.*.id) : var.vpc_id}");
    expect(locals.private_subnet_ids).toBe(
      "${(var.vpc_id == null) ? slice([one(aws_subnet.network_private_subnet0.*.id), one(aws_subnet.network_private_subnet1.*.id), one(aws_subnet.network_private_subnet2.*.id)], 0, max(2, length(var.availability_zones))) : var.private_subnet_ids}",
    );
    expect(resource.aws_efs_mount_target.this.count).toBe("${length(local.private_subnet_ids)}");
    expect(resource.aws_alb.this.subnets).toBe("${var.internal_alb ? local.private_subnet_ids : local.public_subnet_ids}");
  });

  test("flow logs are encrypted with the module's data key, as in the stack", () => {
    // The same key as EFS: the module's data key, or the caller's kms_key_arn.
    expect(resource.aws_cloudwatch_log_group.network_flow_log_group.kms_key_id).toBe(resource.aws_efs_file_system.this.kms_key_id);
    expect(String(resource.aws_cloudwatch_log_group.network_flow_log_group.kms_key_id)).toContain("aws_kms_key.data_key_key");
  });
});

/** The parts of `terraform show -json` read here. */
interface Plan {
  readonly resource_changes: Array<{ address: string; change: { actions: string[]; after?: Record<string, unknown> | null } }>;
  /** The state the plan started from: the data sources read while planning, by module. */
  readonly prior_state?: { values?: { root_module?: StateModule } };
}
interface StateModule {
  readonly address?: string;
  readonly resources?: Array<{ address: string }>;
  readonly child_modules?: StateModule[];
}

describeTerraform("the module's network with terraform (offline)", () => {
  let build: ModuleBuild;
  let fake: FakeAws;
  let copy: string;
  /** The plan of examples/new-vpc with the three-zones call beside it (see beforeAll). */
  let plan: Plan;

  /** The provider override: offline settings, STS and EC2 at the fake. */
  const override = (dir: string) =>
    fs.writeFileSync(
      path.join(dir, "zz_offline_override.tf.json"),
      JSON.stringify({ provider: { aws: { ...OFFLINE_PROVIDER_OVERRIDE.provider.aws, endpoints: [{ sts: fake.url, ec2: fake.url }] } } }, null, 2),
    );
  const addresses = (p: Plan) => p.resource_changes.filter((r) => r.change.actions.includes("create")).map((r) => r.address);
  const after = (p: Plan, address: string) => {
    const r = p.resource_changes.find((x) => x.address === address);
    if (!r) throw new Error(`no ${address} in the plan`);
    return r.change.after ?? {};
  };
  /** The data sources the plan read, by address (prior_state). */
  const readWhilePlanning = (p: Plan): string[] => {
    const walk = (m: StateModule | undefined): string[] => [...(m?.resources ?? []).map((r) => r.address), ...(m?.child_modules ?? []).flatMap(walk)];
    return walk(p.prior_state?.values?.root_module).filter((a) => /(^|\.)data\./.test(a));
  };
  /** A module call of the module copy with these arguments (for a root in a directory under `copy`). */
  const call = (name: string, args: string, source = "../") =>
    `module "${name}" {\n  source = "${source}"\n\n  certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000000"\n${args}\n}\n`;
  /** A root module with these module calls. */
  const root = (name: string, calls: string[]) => {
    const dir = path.join(copy, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "main.tf"), `provider "aws" {\n  region = "eu-west-1"\n}\n\n${calls.join("\n")}`);
    override(dir);
    return dir;
  };

  beforeAll(async () => {
    build = buildModule({ outDir: fs.mkdtempSync(path.join(os.tmpdir(), "sj-network-dist-")) });
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "sj-network-"));
    fs.cpSync(build.dir, copy, { recursive: true });
    fake = await startFakeAws();
    // examples/new-vpc as it ships, plus (in a file of its own) a second call of the module with
    // three zones, a single NAT gateway, no flow logs and another CIDR: one plan and one show for
    // both cases (each starts the provider, which is most of their time). Each test reads its
    // own call's resources (module.jenkins is the example's, module.three_zones the other).
    const example = path.join(copy, "examples", "new-vpc");
    override(example);
    fs.writeFileSync(
      path.join(example, "zz_three_zones.tf"),
      call(
        "three_zones",
        `  account_id         = "123456789012"\n  vpc_cidr           = "10.20.0.0/20"\n  availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]\n  nat_gateways       = "single"\n  vpc_flow_logs      = false`,
        "../../",
      ),
    );
    offlineInit(example);
    await terraformOkAsync(example, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=p.tfplan"]);
    plan = JSON.parse(await terraformOkAsync(example, ["show", "-json", "p.tfplan"])) as Plan;
  });
  afterAll(async () => {
    if (fake) await fake.close();
  });

  test("examples/new-vpc plans with no input at all: a new VPC in the first two zones, a NAT gateway each, flow logs", () => {
    expect(fs.readdirSync(path.join(copy, "examples", "new-vpc")).filter((f) => /\.tfvars(\.json)?$/.test(f))).toEqual([]);
    const p = plan;
    const a = addresses(p);
    const count = (prefix: string) => a.filter((x) => x.startsWith(`module.jenkins.module.this[0].${prefix}`)).length;
    expect(a).toContain("module.jenkins.module.this[0].aws_vpc.this[0]");
    expect(count("aws_subnet.network_public_subnet")).toBe(2);
    expect(count("aws_subnet.network_private_subnet")).toBe(2);
    expect(count("aws_nat_gateway.network_nat_gateway")).toBe(2);
    expect(a).toContain("module.jenkins.module.this[0].aws_flow_log.this[0]");
    expect(a).toContain("module.jenkins.module.this[0].aws_default_security_group.this[0]");
    expect(after(p, "module.jenkins.module.this[0].aws_vpc.this[0]").cidr_block).toBe("10.0.0.0/16");
    expect(after(p, "module.jenkins.module.this[0].aws_subnet.network_public_subnet0[0]")).toMatchObject({
      availability_zone: "eu-west-1a",
      cidr_block: "10.0.0.0/20",
      map_public_ip_on_launch: false,
    });
    expect(after(p, "module.jenkins.module.this[0].aws_subnet.network_private_subnet1[0]")).toMatchObject({
      availability_zone: "eu-west-1b",
      cidr_block: "10.0.144.0/20",
    });
    expect(count("aws_efs_mount_target.this")).toBe(2);
    expect(after(p, "module.jenkins.module.this[0].aws_iam_role.network_flow_log_role[0]").name).toBe("jenkins-vpc-flow-logs");
    expect(a).toContain("aws_acm_certificate.jenkins");
    // The account came from aws_caller_identity and the zones from aws_availability_zones (the fake).
    expect(fake.actions).toEqual(expect.arrayContaining(["GetCallerIdentity", "DescribeAvailabilityZones"]));
    expect(readWhilePlanning(p).filter((x) => x.startsWith("module.jenkins.") && /\.data\.aws_availability_zones\./.test(x))).toHaveLength(1);
    expect(JSON.stringify(after(p, "module.jenkins.module.this[0].aws_iam_role.controller_roles_task_role"))).toContain(FAKE_ACCOUNT_ID);
  });

  test("three zones, a single NAT gateway, no flow logs, another CIDR: each switch flips", () => {
    const p = plan;
    const a = addresses(p);
    const count = (prefix: string) => a.filter((x) => x.startsWith(`module.three_zones.module.this[0].${prefix}`)).length;
    expect(count("aws_subnet.network_public_subnet")).toBe(3);
    expect(count("aws_subnet.network_private_subnet")).toBe(3);
    expect(count("aws_route_table_association.network_private_subnet_routes")).toBe(3);
    expect(count("aws_nat_gateway.network_nat_gateway")).toBe(1);
    expect(count("aws_eip.network_nat_eip")).toBe(1);
    expect(a.filter((x) => x.startsWith("module.three_zones.") && /network_flow_log|\.aws_flow_log\./.test(x))).toEqual([]);
    expect(count("aws_efs_mount_target.this")).toBe(3);
    expect(after(p, "module.three_zones.module.this[0].aws_subnet.network_private_subnet2[0]")).toMatchObject({
      availability_zone: "eu-west-1c",
      cidr_block: "10.20.10.0/24",
    });
    // The zones given: no read of the account's zones in this call (the plan's one read is the example's).
    expect(readWhilePlanning(p).filter((x) => x.startsWith("module.three_zones.") && /\.data\.aws_availability_zones\./.test(x))).toEqual([]);
    expect(fake.actions.filter((x) => x === "DescribeAvailabilityZones")).toHaveLength(1);
  });

  test("contradictory network inputs fail with the module's messages", async () => {
    // Each case in its own module call, its messages read from its own call's errors. The rules
    // reading another input or the provider's region run only once no single-variable rule failed
    // in the plan, so those cases have a plan of their own: two plans instead of one per case.
    const fails = async (name: string, calls: string[]) => {
      const dir = root(name, calls);
      offlineInit(dir);
      const r = await terraformAsync(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color"]);
      expect(r.status).not.toBe(0);
      return r.stderr;
    };
    const errors = await Promise.all([
      fails("single-variable", [
        call(
          "zones_and_cidr",
          `  account_id = "123456789012"\n  availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1a"]\n  vpc_cidr           = "10.0.0.0/26"`,
        ),
      ]),
      fails("cross-variable", [
        call("subnets_without_vpc", `  account_id = "123456789012"\n  private_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]`),
        call("zones_of_another_region", `  account_id = "123456789012"\n  availability_zones = ["eu-west-1a", "us-east-1b"]`),
      ]),
    ]);
    const [subnets, zonesAndCidr, otherRegion] = ["subnets_without_vpc", "zones_and_cidr", "zones_of_another_region"].map((c) =>
      errorsInCall(errors, c).join(" "),
    );
    expect(subnets).toContain("private_subnet_ids is only for your own VPC: set vpc_id, or remove the subnet ids to let the module create the VPC.");
    expect(zonesAndCidr).toContain("availability_zones must list two to 3 zones (or none for the first two the account can use).");
    expect(zonesAndCidr).toContain("availability_zones must be distinct.");
    expect(zonesAndCidr).toContain("vpc_cidr must be a /16 to /24 (the new VPC's CIDR).");
    expect(otherRegion).toContain("availability_zones must be zones of the provider's region.");
  });
});
