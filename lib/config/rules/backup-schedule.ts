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

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

function valueOk(v: string, min: number, max: number, names: string[] = []): boolean {
  const i = names.indexOf(v.toUpperCase());
  if (i >= 0) return true;
  if (!/^\d+$/.test(v)) return false;
  const n = Number(v);
  return n >= min && n <= max;
}

/** Whether a cron field (lists, ranges, steps, *) has only values in [min, max]. */
function fieldOk(field: string, min: number, max: number, names: string[] = [], extra: RegExp[] = []): boolean {
  return field.split(",").every((part) => {
    if (extra.some((r) => r.test(part))) return true;
    const [range, step] = part.split("/");
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1)) return false;
    if (range === "*") return true;
    const ends = range.split("-");
    if (ends.length > 2) return false;
    return ends.every((e) => valueOk(e, min, max, names));
  });
}

/** Why AWS Backup refuses the schedule, or undefined. */
export function backupCronProblem(expr: string): string | undefined {
  const basic = awsCronProblem(expr);
  if (basic) return basic;
  const [min, hour, dom, month, dow, year] = /^cron\(\s*(.*?)\s*\)$/.exec(expr)![1].split(/\s+/);
  if (!/^\d+$/.test(min) || Number(min) > 59)
    return `minutes must be a single value 0-59 (got ${min}): AWS Backup runs at most one backup an hour`;
  if (!fieldOk(hour, 0, 23)) return `hours must be 0-23, with lists, ranges or steps (got ${hour})`;
  if (dom !== "?" && !fieldOk(dom, 1, 31, [], [/^L$/, /^LW$/, /^([1-9]|[12]\d|3[01])W$/])) return `day-of-month must be 1-31, L, LW, <day>W or ? (got ${dom})`;
  if (!fieldOk(month, 1, 12, MONTHS)) return `month must be 1-12 or JAN-DEC (got ${month})`;
  if (dow !== "?" && !fieldOk(dow, 1, 7, DAYS, [/^[1-7]#[1-5]$/, /^[1-7]?L$/])) return `day-of-week must be 1-7 or SUN-SAT, <day>#<n>, <day>L or ? (got ${dow})`;
  if (!fieldOk(year, 1970, 2199)) return `year must be 1970-2199 or * (got ${year})`;
  return undefined;
}
