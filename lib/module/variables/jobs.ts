/**
 * `jobs`: the jobs Jenkins starts with (lib/config/jobs.ts) as one object variable; attribute
 * rules from the schema, the cross-field rules of jobsProblems() as validations.
 */
import { EXAMPLE_JOB_NAMES, HTTPS_GIT, SSH_GIT } from "../../config/jobs";
import { hclInline } from "../hcl";
import { fieldInfo, regexCondition } from "../zod-terraform";
import { sentence } from "./auth";
import { ObjectAttribute, leafPaths, objectType, objectValidations } from "./object-variable";
import { ModuleValidation, ModuleVariable, rename } from "./variable";

const R = "jobs.repositories[]";
/** The attributes of `jobs`, as the schema names them. */
export const JOBS_ATTRIBUTES: ObjectAttribute[] = [
  { path: "jobs.examples" },
  {
    path: R,
    list: true,
    children: [
      { path: `${R}.name` },
      { path: `${R}.url`, custom: [(v) => `${regexCondition(HTTPS_GIT, v)} || ${regexCondition(SSH_GIT, v)}`] },
      { path: `${R}.credentialsId` },
      { path: `${R}.kind` },
      { path: `${R}.branch` },
      { path: `${R}.scriptPath` },
      { path: `${R}.scanIntervalMinutes` },
    ],
  },
];

const J = "var.jobs";
/** lib/config/jobs.ts exampleJobsEnabled(). */
export const EXAMPLES_ENABLED = `coalesce(${J}.examples, length(${J}.repositories) == 0)`;
const each = (c: string) => `alltrue([for r in ${J}.repositories : ${c}])`;

/** The cross-field rules of lib/config/jobs.ts jobsProblems(), with its messages. */
function jobsRules(): Array<[string, string]> {
  return [
    [
      `length(distinct([for r in ${J}.repositories : r.name])) == length(${J}.repositories)`,
      "jobs.repositories: duplicate job name; each repository needs its own",
    ],
    [
      `!${EXAMPLES_ENABLED} || alltrue([for r in ${J}.repositories : !contains(${hclInline(EXAMPLE_JOB_NAMES)}, r.name)])`,
      "jobs.repositories[*].name is an example job's name; choose another or set jobs.examples to false",
    ],
    [
      each(`!(${regexCondition(SSH_GIT, "r.url")}) || r.credentials_id != null`),
      "jobs.repositories[*].credentials_id: an ssh URL needs the id of an sshUserPrivateKey credential",
    ],
    [
      `var.credentials_secrets_manager_enabled || ${each("r.credentials_id == null")}`,
      "jobs.repositories[*].credentials_id must be a credential from Secrets Manager, but credentials_secrets_manager_enabled is false",
    ],
    [
      each(`r.kind != "multibranch" || r.script_path == null ? true : !strcontains(r.script_path, "*")`),
      "jobs.repositories[*].script_path: a multibranch pipeline reads one script; wildcards only with kind jobDsl",
    ],
    [
      each(`r.script_path == null ? true : !startswith(r.script_path, "/") && !contains(split("/", r.script_path), "..")`),
      "jobs.repositories[*].script_path must be relative to the repository root, without ..",
    ],
  ];
}

/** Jobs from repositories and the example jobs (one object, as the `jobs` section of vars.json). */
export function jobsVariables(): ModuleVariable[] {
  const validations: ModuleValidation[] = [
    ...objectValidations(JOBS_ATTRIBUTES, J, "jobs"),
    ...jobsRules().map(([condition, m]) => ({ condition, errorMessage: sentence(m) })),
  ];
  return [
    {
      name: "jobs",
      schemaPaths: ["jobs", ...leafPaths(JOBS_ATTRIBUTES)],
      type: objectType(JOBS_ATTRIBUTES),
      description: rename(
        `${fieldInfo("jobs").description} \`examples\`: ${fieldInfo("jobs.examples").description} \`repositories\`: ${fieldInfo("jobs.repositories").description} Each: \`name\`, \`url\`, \`credentials_id\`, \`kind\` (multibranch, jobDsl), \`branch\`, \`script_path\`, \`scan_interval_minutes\`, as in the \`jobs\` section of vars.json (docs/team-setup.md).`,
      ),
      required: false,
      default: {},
      nullable: false,
      validations,
    },
  ];
}
