/**
 * The architecture model behind `npm run diagram`, derived from a synthesized stack
 * (`cdk.tf.json`), never drawn by hand:
 *
 * 1. every resource becomes a node; every `${type.name...}` token and `depends_on` entry in its
 *    body becomes a reference (a data source's references are folded into the resources that
 *    read it, e.g. an IAM policy document's resources into the role policy);
 * 2. "satellite" resources that only configure one parent (bucket policy, SG rule, role policy,
 *    KMS alias, capacity providers, route, ...) fold into that parent;
 * 3. the rest are grouped (network, edge, controller, agents, storage, alerts, image, keys) by
 *    the construct that created them, and aggregated per group and resource type.
 */
import { instancesOf } from "../terraform/instances";
import { GroupId, GROUPS, groupOf, NEVER_SATELLITE, SATELLITES } from "./groups";

export { GROUP_TITLES, GROUPS } from "./groups";
export type { GroupId } from "./groups";

/** The parts of a synthesized `cdk.tf.json` the model reads. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, unknown>;
}

/** One resource of the stack. */
export interface ResourceNode {
  /** Terraform address, `type.name`. */
  readonly address: string;
  readonly type: string;
  /** Construct path below the stack, e.g. `Network/PublicSubnet0`. */
  readonly path: string;
  readonly group: GroupId;
  /** Addresses of the resources this one references (data sources resolved). */
  readonly refs: readonly string[];
  /** The resource this one was folded into, if it is a satellite. */
  readonly parent?: string;
}

/** A drawn node: the resources of one type in one group (satellites folded in). */
export interface DiagramNode {
  readonly id: string;
  readonly group: GroupId;
  readonly type: string;
  /** Short names of the member resources (construct path below the group's construct). */
  readonly names: readonly string[];
  /** Member resource addresses. */
  readonly members: readonly string[];
  /** Folded satellite types with counts, e.g. `{ iam_role_policy: 2 }`. */
  readonly satellites: Readonly<Record<string, number>>;
}

/** A drawn edge: some member of `from` references some member of `to`. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  /** Number of resource-level references it stands for. */
  readonly count: number;
}

/** The model of one stack. */
export interface ArchitectureModel {
  readonly stackName: string;
  readonly region?: string;
  readonly resources: readonly ResourceNode[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** Resource count per group (satellites included). */
  readonly groupCounts: Readonly<Partial<Record<GroupId, number>>>;
}

const TOKEN = /\$\{([^}]*)\}/g;
const ADDRESS = /(?:^|[^A-Za-z0-9_.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)/g;

interface RawRef {
  /** Top-level attribute the reference sits under. */
  readonly attr: string;
  readonly address: string;
  /** Written in the resource itself, not reached through a data source. */
  readonly direct?: boolean;
}

/** Every `${...}` reference in a JSON value, with the attribute path it sits under. */
function collectRefs(value: unknown, attr: string, out: RawRef[]): void {
  if (typeof value === "string") {
    for (const m of value.matchAll(TOKEN)) {
      for (const a of m[1].matchAll(ADDRESS)) out.push({ attr, address: a[1] });
    }
  } else if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, attr, out);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "//") continue;
      collectRefs(v, attr || k, out);
    }
  }
}

function constructPath(body: Record<string, unknown>, logicalId: string): string {
  const meta = (body["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
  if (meta) return meta.split("/").slice(1).join("/");
  // Without metadata (Testing.synth): the logical id is the path joined by "_" plus a hash.
  const parts = logicalId.split("_");
  if (parts.length > 1 && /^[0-9A-F]{8}$/.test(parts[parts.length - 1])) parts.pop();
  return parts.join("/");
}

/** Short display name of a resource: its construct path below the group's construct. */
function shortName(path: string): string {
  const parts = path.split("/");
  const rest = parts.length > 1 ? parts.slice(1) : parts;
  return rest.filter((p) => p !== "Resource" && p !== "Default").join("/") || parts[0];
}

/** Builds the model of a synthesized stack. */
export function architectureModel(stack: SynthesizedStack, stackName = "jenkins"): ArchitectureModel {
  const bodies = new Map<string, { type: string; id: string; body: Record<string, unknown>; keys: string[] }>();
  for (const [type, byId] of Object.entries(stack.resource ?? {})) {
    for (const [id, body] of Object.entries(byId)) {
      // What Terraform creates: nothing for an empty for_each or count 0, a name per instance key.
      const instances = instancesOf(id, body);
      if (instances.length === 0) continue;
      const keys = instances.map(([a]) => a.slice(id.length)).filter((k) => k !== "");
      bodies.set(`${type}.${id}`, { type, id, body, keys });
    }
  }
  const dataRefs = new Map<string, RawRef[]>();
  for (const [type, byId] of Object.entries(stack.data ?? {})) {
    for (const [id, body] of Object.entries(byId)) {
      const out: RawRef[] = [];
      collectRefs(body, "", out);
      dataRefs.set(`data.${type}.${id}`, out);
    }
  }

  /** Resource addresses a reference stands for (data sources resolved transitively). */
  const resolve = (address: string, seen = new Set<string>()): string[] => {
    const parts = address.split(".");
    if (parts[0] === "data") {
      const key = parts.slice(0, 3).join(".");
      if (seen.has(key) || !dataRefs.has(key)) return [];
      seen.add(key);
      return dataRefs.get(key)!.flatMap((r) => resolve(r.address, seen));
    }
    const key = parts.slice(0, 2).join(".");
    return bodies.has(key) ? [key] : [];
  };

  // 1. nodes and references
  const resources: Array<ResourceNode & { attrRefs: RawRef[]; keys: string[] }> = [];
  for (const [address, { type, id, body, keys }] of [...bodies].sort(([a], [b]) => a.localeCompare(b))) {
    const raw: RawRef[] = [];
    collectRefs(body, "", raw);
    for (const d of (body.depends_on as string[] | undefined) ?? []) raw.push({ attr: "depends_on", address: d });
    const attrRefs = raw
      .flatMap((r) => resolve(r.address).map((a) => ({ attr: r.attr, address: a, direct: !r.address.startsWith("data.") })))
      .filter((r) => r.address !== address);
    const refs = [...new Set(attrRefs.map((r) => r.address))].sort();
    const path = constructPath(body, id);
    resources.push({ address, type, path, group: groupOf(type, path), refs, attrRefs, keys });
  }

  // 2. satellites
  const typeOf = (a: string) => a.split(".")[0];
  const parentOf = new Map<string, string>();
  for (const r of resources) {
    if (NEVER_SATELLITE.has(r.type)) continue;
    const explicit = SATELLITES[r.type];
    let candidates: string[];
    if (explicit) {
      const [ptype, attr] = explicit;
      const viaAttr = r.attrRefs.filter((x) => x.attr === attr && typeOf(x.address) === ptype).map((x) => x.address);
      candidates = viaAttr.length ? viaAttr : r.refs.filter((a) => typeOf(a) === ptype);
    } else {
      // Prefer references written in the resource itself over those reached through a data source.
      const direct = r.attrRefs.filter((x) => x.direct && x.attr !== "depends_on" && r.type.startsWith(`${typeOf(x.address)}_`)).map((x) => x.address);
      candidates = direct.length ? direct : r.refs.filter((a) => r.type.startsWith(`${typeOf(a)}_`));
    }
    const unique = [...new Set(candidates)];
    if (unique.length === 1) parentOf.set(r.address, unique[0]);
  }
  const root = (a: string): string => {
    let cur = a;
    for (let i = 0; i < 10 && parentOf.has(cur); i++) cur = parentOf.get(cur)!;
    return cur;
  };

  // 3. aggregate per group and type
  const nodeIdOf = (address: string): string => {
    const r = resources.find((x) => x.address === address)!;
    return `${r.group}:${r.type}`;
  };
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const nodes = new Map<string, { group: GroupId; type: string; names: string[]; members: string[]; satellites: Record<string, number> }>();
  for (const r of resources) {
    const owner = byAddress.get(root(r.address))!;
    const id = nodeIdOf(owner.address);
    if (!nodes.has(id)) nodes.set(id, { group: owner.group, type: owner.type, names: [], members: [], satellites: {} });
    const n = nodes.get(id)!;
    if (owner === r) {
      n.members.push(r.address);
      if (r.keys.length) n.names.push(...r.keys.map((k) => `${shortName(r.path)}${k.replace(/"/g, "")}`));
      else n.names.push(shortName(r.path));
    } else {
      const short = r.type.replace(/^aws_/, "");
      n.satellites[short] = (n.satellites[short] ?? 0) + 1;
    }
  }
  const edgeCounts = new Map<string, number>();
  for (const r of resources) {
    const from = nodeIdOf(root(r.address));
    for (const ref of r.refs) {
      const to = nodeIdOf(root(ref));
      if (to === from) continue;
      const key = `${from}\u0000${to}`;
      edgeCounts.set(key, (edgeCounts.get(key) ?? 0) + 1);
    }
  }
  const groupCounts: Partial<Record<GroupId, number>> = {};
  for (const r of resources) groupCounts[r.group] = (groupCounts[r.group] ?? 0) + 1;

  const provider = stack.provider?.aws as Array<{ region?: string }> | { region?: string } | undefined;
  const region = Array.isArray(provider) ? provider[0]?.region : provider?.region;

  return {
    stackName,
    region,
    resources: resources.map(({ attrRefs: _unused, ...r }) => ({ ...r, parent: parentOf.get(r.address) })),
    nodes: [...nodes]
      .map(([id, n]) => ({ id, ...n, names: [...n.names].sort(), members: [...n.members].sort() }))
      .sort((a, b) => GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) || a.type.localeCompare(b.type)),
    edges: [...edgeCounts]
      .map(([key, count]) => {
        const [from, to] = key.split("\u0000");
        return { from, to, count };
      })
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    groupCounts,
  };
}
