/**
 * Reusable field types of the configuration schema: the patterns (shared with the registry
 * module's validation blocks through `PATTERNS`), log retention and Fargate CPU fields.
 * Imported by the section schemas next to this file.
 */
import { z } from "zod";
import { FARGATE_CPU_VALUES } from "./fargate-sizes";
import { AWS_CRON } from "./rules/backup-schedule";

export const REGION = /^(us|eu|ap|sa|ca|me|af|il|mx|cn)-(gov-)?(north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9]$/;
export const BUCKET =
  /^(?!xn--)(?!sthree-)(?!amzn-s3-demo-)(?!.*\.\.)(?!.*\.-)(?!.*-\.)(?!.*-s3alias$)(?!.*--ol-s3$)(?!.*\.mrap$)(?!.*--x-s3$)(?!.*--table-s3$)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** What BUCKET requires, for messages. */
export const BUCKET_RULES =
  "3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit; no '..', '.-' or '-.'; not IP-shaped; not starting with xn--, sthree- or amzn-s3-demo-; not ending with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3 (S3 bucket naming rules)";
export const DDB_TABLE = /^[a-zA-Z0-9_.-]{3,255}$/;
export const CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;
export const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
export const ACM_ARN = /^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
export const SQS_ARN = /^arn:aws(-cn|-us-gov)?:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
// The length limit is a lookahead of two repeats: Terraform's RE2 (the module's validations) allows at most 1000 per repeat.
export const SSM_NAME = /^(?!.{1000}.{12})(?!\/?[aA][wW][sS])(?!\/?[sS][sS][mM])(?![^/]+\/)(?!.*\/$)(?!.*\/\/)(?!(\/[^/]+){16})\/?[a-zA-Z0-9_.\-/]+$/;
export const LABEL = /^[a-z0-9][a-z0-9_-]{0,30}$/;
export const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** The pattern sources, exported so the registry module can reuse them in validation blocks. */
export const PATTERNS = { REGION, BUCKET, DDB_TABLE, CIDR, EMAIL, ACM_ARN, SQS_ARN, SSM_NAME, LABEL, IMAGE, AWS_CRON };

export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** A CloudWatch Logs retention field: one of LOG_RETENTION_DAYS. */
export const logRetention = (def: (typeof LOG_RETENTION_DAYS)[number]) =>
  z
    .union(LOG_RETENTION_DAYS.map((d) => z.literal(d)))
    .default(def)
    .describe(`CloudWatch Logs retention in days; one of ${LOG_RETENTION_DAYS.join(", ")}.`);

/** A Fargate CPU units field. */
export const cpuUnits = (def: number, what: string) =>
  z
    .number()
    .int()
    .refine((v) => FARGATE_CPU_VALUES.includes(v), { message: `must be one of ${FARGATE_CPU_VALUES.join(", ")} CPU units` })
    .default(def)
    .describe(`${what} CPU units (1024 = 1 vCPU); a Fargate task size.`);
