/**
 * AWS Backup schedule rules: an AWS cron expression (six fields, UTC;
 * docs.aws.amazon.com/AmazonCloudWatch/latest/events/ScheduledEvents.html#CronExpressions)
 * whose fields are in range, and at most one backup an hour (AWS Backup refuses more frequent
 * schedules: "the minimum frequency is one hour"; docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html).
 */
/** AWS cron expression with six fields: minutes hours day-of-month month day-of-week year. */
export const AWS_CRON = /^cron\(\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*\)$/;

/** Validates an AWS Backup / EventBridge style cron expression's shape; returns a reason or undefined. */
export function awsCronProblem(value: string): string | undefined {
  const m = AWS_CRON.exec(value);
  if (!m) return "must look like cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 0 * * ? *)";
  const [, min, hour, dom, , dow] = m;
  if (dom !== "?" && dow !== "?") return "one of day-of-month and day-of-week must be '?'";
  if (dom === "?" && dow === "?") return "only one of day-of-month and day-of-week may be '?'";
  if (!/^([0-5]?\d)([,/-][0-5]?\d)*$|^\*$/.test(min) && !/^\*\/\d+$/.test(min)) return "minutes must be 0-59";
  if (!/^(1?\d|2[0-3])([,/-](1?\d|2[0-3]))*$|^\*$/.test(hour) && !/^\*\/\d+$/.test(hour)) return "hours must be 0-23";
  return undefined;
}

export const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
export const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** One field of an AWS cron expression after the minutes, as AWS Backup accepts it; the registry module's rules come from the same list. */
export interface CronFieldRule {
  /** Index in the six fields (0 = minutes). */
  readonly index: number;
  readonly min: number;
  readonly max: number;
  /** Names accepted as values (case-insensitive). */
  readonly names: string[];
  /** Whole list items accepted besides values, ranges and steps (as regex sources). */
  readonly extra: string[];
  /** What the field allows, for messages. */
  readonly rule: string;
}

/** The fields after the minutes (minutes: a single value, see MINUTES_RULE). */
export const CRON_FIELD_RULES: readonly CronFieldRule[] = [
  { index: 1, min: 0, max: 23, names: [], extra: [], rule: "hours must be 0-23, with lists, ranges or steps" },
  { index: 2, min: 1, max: 31, names: [], extra: ["^\\?$", "^L$", "^LW$", "^([1-9]|[12]\\d|3[01])W$"], rule: "day-of-month must be 1-31, L, LW, <day>W or ?" },
  { index: 3, min: 1, max: 12, names: MONTHS, extra: [], rule: "month must be 1-12 or JAN-DEC" },
  { index: 4, min: 1, max: 7, names: DAYS, extra: ["^\\?$", "^[1-7]#[1-5]$", "^[1-7]?L$"], rule: "day-of-week must be 1-7 or SUN-SAT, <day>#<n>, <day>L or ?" },
  { index: 5, min: 1970, max: 2199, names: [], extra: [], rule: "year must be 1970-2199 or *" },
];
/** The minutes rule: AWS Backup's "at most one backup an hour". */
export const MINUTES_RULE = "minutes must be a single value 0-59";
export const MINUTES_REASON = "AWS Backup runs at most one backup an hour";

function valueOk(v: string, min: number, max: number, names: string[] = []): boolean {
  const i = names.indexOf(v.toUpperCase());
  if (i >= 0) return true;
  if (!/^\d+$/.test(v)) return false;
  const n = Number(v);
  return n >= min && n <= max;
}

/** Whether a cron field (lists, ranges, steps, *) has only values in [min, max] or whole items matching `extra`. */
function fieldOk(field: string, r: CronFieldRule): boolean {
  return field.split(",").every((part) => {
    if (r.extra.some((x) => new RegExp(x).test(part.toUpperCase()))) return true;
    const [range, step, more] = part.split("/");
    if (more !== undefined || (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1))) return false;
    if (range === "*") return true;
    const ends = range.split("-");
    if (ends.length > 2) return false;
    return ends.every((e) => valueOk(e, r.min, r.max, r.names));
  });
}

/** Why AWS Backup refuses the schedule, or undefined. */
export function backupCronProblem(expr: string): string | undefined {
  const basic = awsCronProblem(expr);
  if (basic) return basic;
  const fields = /^cron\(\s*(.*?)\s*\)$/.exec(expr)![1].split(/\s+/);
  const min = fields[0];
  if (!/^\d+$/.test(min) || Number(min) > 59) return `${MINUTES_RULE} (got ${min}): ${MINUTES_REASON}`;
  for (const r of CRON_FIELD_RULES) if (!fieldOk(fields[r.index], r)) return `${r.rule} (got ${fields[r.index]})`;
  return undefined;
}
