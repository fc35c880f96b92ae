/**
 * The architecture picture is derived from the synthesized stack: its nodes, groups and edges
 * come from the resources and their `${...}` references, so a changed stack changes the SVG.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { architectureModel, GROUPS, SynthesizedStack } from "../../../tools/diagram/model";
import { renderMermaid } from "../../../tools/diagram/mermaid";
import { renderSvg } from "../../../tools/diagram/svg";
import { configWith, project, synthJson, synthToDir } from "../../support/project";

function synthesizedJenkins(overrides: Record<string, unknown> = {}): SynthesizedStack {
  const { jenkinsDir, outdir } = synthToDir(configWith(overrides));
  try {
    return JSON.parse(fs.readFileSync(path.join(jenkinsDir, "cdk.tf.json"), "utf8")) as SynthesizedStack;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const svgOf = (stack: SynthesizedStack) => renderSvg(architectureModel(stack), { source: "test" });

describe("architecture model", () => {
  const stack = synthesizedJenkins();
  const model = architectureModel(stack);
  // Resource blocks that create something (an empty for_each or count 0 creates nothing).
  const resourceCount = Object.values(stack.resource ?? {}).reduce(
    (n, byId) =>
      n +
      Object.values(byId).filter(
        (b) => !(b.for_each && typeof b.for_each === "object" && Object.keys(b.for_each).length === 0) && b.for_each !== "${toset([])}" && b.count !== 0,
      ).length,
    0,
  );

  test("every resource of the stack is in the model, in a known group", () => {
    expect(model.resources).toHaveLength(resourceCount);
    expect(model.resources.filter((r) => r.group === "other").map((r) => r.address)).toEqual([]);
    for (const g of ["edge", "alerts", "controller", "image", "agents", "storage", "network", "keys"] as const) {
      expect(model.nodes.some((n) => n.group === g)).toBe(true);
    }
    const members = model.nodes.flatMap((n) => n.members).length;
    const folded = model.resources.filter((r) => r.parent).length;
    expect(members + folded).toBe(resourceCount);
  });

  test("edges come from the references in the synthesized JSON", () => {
    const edge = (from: string, to: string) => model.edges.find((e) => e.from === from && e.to === to);
    // aws_ecs_service.load_balancer[].target_group_arn = ${aws_alb_target_group....arn}
    expect(edge("controller:aws_ecs_service", "edge:aws_alb_target_group")).toBeDefined();
    expect(edge("network:aws_subnet", "network:aws_vpc")?.count).toBe(4);
    // Through an IAM policy document: the controller's task role may run tasks on the agent clusters.
    expect(edge("controller:aws_iam_role", "agents:aws_ecs_cluster")).toBeDefined();
    // Every edge joins two drawn nodes.
    const ids = new Set(model.nodes.map((n) => n.id));
    for (const e of model.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
  });

  test("configuration resources fold into their parent", () => {
    const bucket = model.nodes.find((n) => n.id === "image:aws_s3_bucket")!;
    // Two image-source buckets (controller and agent mirror), each with its policy and access block.
    expect(bucket.satellites).toMatchObject({ s3_bucket_policy: 2, s3_bucket_public_access_block: 2 });
    const sgs = model.nodes.find((n) => n.id === "network:aws_security_group")!;
    expect(sgs.names).toEqual(["Agents", "Alb", "Controller", "Efs"]);
    expect((sgs.satellites.vpc_security_group_ingress_rule ?? 0) + (sgs.satellites.vpc_security_group_egress_rule ?? 0)).toBe(
      Object.keys(stack.resource?.aws_vpc_security_group_ingress_rule ?? {}).length +
        Object.keys(stack.resource?.aws_vpc_security_group_egress_rule ?? {}).length,
    );
    expect(model.nodes.some((n) => n.type === "aws_iam_role_policy")).toBe(false);
  });

  test("works without construct metadata (Testing.synth output) and groups the same way", () => {
    const bare = architectureModel(synthJson(project().jenkins) as unknown as SynthesizedStack);
    expect(bare.nodes.map((n) => n.id)).toEqual(model.nodes.map((n) => n.id));
  });

  test("the groups are drawn in a fixed order", () => {
    const order = model.nodes.map((n) => GROUPS.indexOf(n.group));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe("SVG and Mermaid", () => {
  const base = synthesizedJenkins();
  const svg = svgOf(base);

  test("deterministic: the same stack gives the same bytes", () => {
    expect(svgOf(synthesizedJenkins())).toBe(svg);
  });

  test("a well-formed document with a box per group and a node per model node", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    const model = architectureModel(base);
    expect(svg.match(/<g class="node"/g)).toHaveLength(model.nodes.length);
    expect(svg.match(/<g class="group"/g)).toHaveLength(new Set(model.nodes.map((n) => n.group)).size);
    expect(svg.match(/<path d="M[^"]*" stroke=/g)).toHaveLength(model.edges.length);
    // Every opened element is closed (a cheap well-formedness check).
    const opened = (svg.match(/<(g|text|title|defs|marker|path|rect|svg)(\s[^>]*)?>/g) ?? []).filter((t) => !t.endsWith("/>")).length;
    const closed = (svg.match(/<\/(g|text|title|defs|marker|path|rect|svg)>/g) ?? []).length;
    expect(closed).toBe(opened);
  });

  test("adding an agent template with its own task role changes the picture", () => {
    const templates = [
      { label: "build-example", spot: false, cpu: 1024, memory: 2048 },
      { label: "build-example-spot", spot: true, cpu: 1024, memory: 2048 },
      {
        label: "deploy",
        spot: false,
        cpu: 2048,
        memory: 4096,
        taskPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::example-artifacts/*" }] },
      },
    ];
    const changed = synthesizedJenkins({ agents: { templates } });
    const roles = architectureModel(changed).nodes.find((n) => n.id === "agents:aws_iam_role")!;
    expect(roles.names).toContain("TaskRole[deploy]");
    const newSvg = svgOf(changed);
    expect(newSvg).not.toBe(svg);
    expect(newSvg).toContain("TaskRole[deploy]");
  });

  test("turning backups off removes the backup nodes", () => {
    const noBackup = svgOf(synthesizedJenkins({ backup: { enabled: false } }));
    expect(noBackup).not.toBe(svg);
    expect(svg).toContain("backup_vault");
    expect(noBackup).not.toContain("backup_vault");
  });

  test("Mermaid text has the same groups and edges", () => {
    const model = architectureModel(base);
    const mmd = renderMermaid(model, "test");
    expect(mmd).toContain("flowchart LR");
    expect(mmd.match(/^ {2}subgraph /gm)).toHaveLength(new Set(model.nodes.map((n) => n.group)).size);
    expect(mmd.match(/^ {2}n_\S+ --> n_/gm)?.length ?? 0).toBe(model.edges.filter((e) => e.count === 1).length);
    expect(mmd.match(/^ {2}n_\S+ -->\|\d+\| n_/gm)?.length ?? 0).toBe(model.edges.filter((e) => e.count > 1).length);
  });
});

describe("the committed picture", () => {
  test("docs/architecture.svg and .mmd match the stack synthesized from vars.example.json (npm run diagram)", () => {
    const root = path.resolve(__dirname, "../../..");
    const r = spawnSync(process.execPath, ["-r", "./scripts/register-swc.js", "tools/diagram/cli.ts", "--check"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, JENKINS_VARS: "vars.example.json" },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
