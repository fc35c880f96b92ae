/**
 * Test support (issue 16): what a move of the `jenkins` stack's state to the registry module
 * may plan besides moving ({@link MOVE_EXCEPTIONS}, each with its reason), and the e2e's
 * expectations of the plans __tests__/support/module-state-move.ts makes.
 */
import { gunzipSync } from "zlib";
import { parse } from "yaml";
import { CONTROLLER_TASK_DEFINITION, MOVE_MODULE_NAME, StateMovePlan } from "./module-state-move";

/**
 * A task definition's `container_definitions` as Jenkins sees them: the JCasC document decoded
 * from CASC_YAML_GZIP_BASE64 and parsed (the stack gzips its YAML text at synth time, the
 * module renders it with Terraform's yamlencode and base64gzip: other bytes, same document),
 * a template image the stack passes as `${AGENT_IMAGE_<LABEL>}` resolved to that variable's
 * value (the module writes the image into the document), environment sorted by name, empty
 * lists and nulls left out (the state holds what ECS returns, e.g. `volumesFrom: []`), keys
 * sorted.
 */
export function containerDefinitionsAsJenkinsSeesThem(text: string): unknown {
  const defs = JSON.parse(text) as Array<Record<string, unknown>>;
  const prune = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(prune);
    if (v && typeof v === "object")
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => x !== null && !(Array.isArray(x) && x.length === 0))
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, x]) => [k, prune(x)]),
      );
    return v;
  };
  return defs.map((def) => {
    const env = (def.environment ?? []) as Array<{ name: string; value: string }>;
    const vars = new Map(env.map((e) => [e.name, e.value]));
    const imageVars = new Set<string>();
    const resolve = (v: unknown): unknown => {
      if (typeof v === "string") {
        const m = /^\$\{(AGENT_IMAGE_[A-Z0-9_]+)\}$/.exec(v);
        if (m && vars.has(m[1])) {
          imageVars.add(m[1]);
          return vars.get(m[1]);
        }
        return v;
      }
      if (Array.isArray(v)) return v.map(resolve);
      if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
      return v;
    };
    const casc = vars.get("CASC_YAML_GZIP_BASE64");
    const document = casc === undefined ? undefined : resolve(parse(gunzipSync(Buffer.from(casc, "base64")).toString("utf8")));
    const environment = env.filter((e) => e.name !== "CASC_YAML_GZIP_BASE64" && !imageVars.has(e.name)).sort((a, b) => a.name.localeCompare(b.name));
    return prune({ ...def, environment, jcascDocument: document });
  });
}

/**
 * What a move from the stack to the module may do besides moving, each with the reason. Stack
 * addresses (cdktf's hashed ids, stable) select the resources; the module addresses come from
 * the generator.
 */
export const MOVE_EXCEPTIONS = {
  /** Replaced, and what is proven about it. */
  replaced: [
    {
      stack: CONTROLLER_TASK_DEFINITION,
      why: "container_definitions differ in bytes only: the module renders the JCasC document with Terraform's yamlencode and base64gzip, the stack at synth time, and a template image the stack builds comes as the template's image instead of an environment variable. A task definition cannot be changed in place: the plan registers a new revision and the controller service rolls once (on the emulator the service's task_definition is ignored, EMULATOR_GAPS.ecsServiceSettling)",
    },
  ],
  /** Destroyed: what `npm run module:moves` lists as not in the module (moved.tf's header). */
  destroyed: [
    {
      stack: /^aws_[a-z0-9_]+\.(Image|AgentImages_Mirror|AgentImages_Template-[a-z0-9-]+)_(Sources_[A-Za-z]+|ContextObject)_[0-9A-F]{8}$/,
      why: "the S3 build contexts (bucket and object) of the controller image, the agent image mirror and per-template builds: the module's builds carry their context inline",
    },
    {
      stack: /^aws_[a-z0-9_]+\.AgentImages_Template-[a-z0-9-]+_(BuildLogs|BuildPolicy|BuildRole|Lifecycle|Repository|RepositoryPolicy)_[0-9A-F]{8}$/,
      why: "a per-template image build (agents.templates[].build): the module has none and takes the built image as the template's image, so its repository (with the images), build role and logs are destroyed unless taken out of the state first (terraform state rm)",
    },
  ],
  /** Arguments an in-place update may change, besides tags and tags_all (which every update may: the module tags its resources itself, the stack through the provider's default_tags with Stack and its own ManagedBy). */
  updates: {
    aws_iam_role_policy: {
      unknownOnly: ["policy"],
      why: "the policy documents are data sources that read resources with pending tag updates, so Terraform reads them at apply",
    },
    aws_sns_topic_policy: { unknownOnly: ["policy"], why: "as aws_iam_role_policy" },
  } as Record<string, { unknownOnly: string[]; why: string }>,
};

/** The resource part of an instance address: `a.b["k"]` -> `a.b`, `a.b[0]` -> `a.b`. */
const resourceOf = (address: string) => address.replace(/\[[^\]]*\]$/, "");

/** The stack resources (type.name) a state holds instances of. */
export function stateResources(state: string): Set<string> {
  const json = JSON.parse(state) as { resources: Array<{ mode: string; type: string; name: string; instances: unknown[] }> };
  return new Set(json.resources.filter((r) => r.mode === "managed" && r.instances.length > 0).map((r) => `${r.type}.${r.name}`));
}

/**
 * The findings of a move plan, in the shape the e2e compares with expected values: what is
 * created, destroyed, replaced, updated beyond {@link MOVE_EXCEPTIONS}, and which moved
 * resources did not arrive at their module address.
 */
export function judgeMove(plan: StateMovePlan, state: string) {
  const held = stateResources(state);
  const movesOf = new Map(plan.moves.moves.map((m) => [m.from, m.to]));
  const stackOf = new Map(plan.moves.moves.map((m) => [resourceOf(m.to), m.from]));
  const byActions = (pred: (a: string[]) => boolean) => plan.changes.filter((c) => pred(c.actions));
  const isReplace = (a: string[]) => a.includes("delete") && a.includes("create");
  const replaced = byActions(isReplace);
  const unexplainedUpdates = byActions((a) => a.length === 1 && a[0] === "update").flatMap((c) => {
    const type = resourceOf(c.address).split(".").slice(-2)[0];
    const allowed = MOVE_EXCEPTIONS.updates[type]?.unknownOnly ?? [];
    const odd = c.changed.filter((k) => k !== "tags" && k !== "tags_all" && !(allowed.includes(k) && c.unknown.includes(k)));
    return odd.length ? [`${c.address}: ${odd.join(", ")}`] : [];
  });
  // Every moved resource the state holds is planned at its module address (with its keys), from its stack address.
  const arrived = new Set(plan.changes.filter((c) => !c.actions.includes("delete") || isReplace(c.actions)).map((c) => resourceOf(c.address)));
  const notArrived = [...movesOf].filter(([from, to]) => held.has(from) && !arrived.has(resourceOf(to))).map(([from]) => from);
  const wrongOrigin = plan.changes
    .filter((c) => c.address.startsWith(`module.${MOVE_MODULE_NAME}.`))
    .filter((c) => resourceOf(c.previousAddress ?? "") !== stackOf.get(resourceOf(c.address)))
    .map((c) => `${c.address} from ${c.previousAddress ?? "(nothing)"}`);
  return {
    created: byActions((a) => a.includes("create") && !a.includes("delete")).map((c) => c.address),
    destroyed: byActions((a) => a.length === 1 && a[0] === "delete").map((c) => c.address),
    /** Replaced resources by their stack address. */
    replaced: replaced.map((c) => stackOf.get(resourceOf(c.address)) ?? c.address),
    replacements: replaced,
    unexplainedUpdates,
    notArrived,
    wrongOrigin,
    /** What the generator lists as stack-only and the state holds (the plan destroys these). */
    stackOnlyHeld: plan.moves.stackOnly.filter((a) => held.has(a)),
    counts: Object.fromEntries(["no-op", "update", "delete", "create"].map((k) => [k, plan.changes.filter((c) => c.actions.includes(k)).length])),
  };
}

/**
 * The e2e's expectations of a move (jest `expect`): nothing created; replaced and destroyed only
 * what {@link MOVE_EXCEPTIONS} explains (the replacement equal as Jenkins sees it, the destroyed
 * ones exactly what the generator lists as stack-only); updates in place only of tags and the
 * listed arguments; every moved resource the state holds at its module address, moved from its
 * stack address.
 */
export function expectMoveToModule(plan: StateMovePlan, state: string): void {
  const j = judgeMove(plan, state);
  expect({ created: j.created, unexplainedUpdates: j.unexplainedUpdates, notArrived: j.notArrived, wrongOrigin: j.wrongOrigin }).toEqual({
    created: [],
    unexplainedUpdates: [],
    notArrived: [],
    wrongOrigin: [],
  });
  expect(j.replaced).toEqual([expect.stringMatching(CONTROLLER_TASK_DEFINITION)]);
  const [taskDefinition] = j.replacements;
  expect(taskDefinition.replacePaths).toEqual([["container_definitions"]]);
  expect(containerDefinitionsAsJenkinsSeesThem(taskDefinition.after!.container_definitions as string)).toEqual(
    containerDefinitionsAsJenkinsSeesThem(taskDefinition.before!.container_definitions as string),
  );
  expect([...j.destroyed].sort()).toEqual([...j.stackOnlyHeld].sort());
  expect(j.destroyed.filter((a) => !MOVE_EXCEPTIONS.destroyed.some((d) => d.stack.test(a)))).toEqual([]);
  // Most resources move: untouched or tags only.
  expect(j.counts["no-op"] + j.counts.update).toBeGreaterThan(100);
}
