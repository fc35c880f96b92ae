/**
 * A fake AWS endpoint for offline plans that need the two reads a new account's plan makes:
 * STS GetCallerIdentity (`aws_caller_identity`) and EC2 DescribeAvailabilityZones
 * (`aws_availability_zones`). Anything else answers 400, so a plan that calls more fails loudly.
 * Point the provider at it with `endpoints { sts = url, ec2 = url }` in an override file.
 */
import * as http from "http";
import { AddressInfo } from "net";

/** The fake's account and zones. */
export const FAKE_ACCOUNT_ID = "123456789012";
export const FAKE_ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

/** A running fake: its URL, the actions it answered, and close(). */
export interface FakeAws {
  readonly url: string;
  readonly actions: string[];
  close(): Promise<void>;
}

function answer(action: string | null): string | undefined {
  if (action === "GetCallerIdentity")
    return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${FAKE_ACCOUNT_ID}:user/offline-plan</Arn><UserId>AIDAOFFLINEPLAN000000</UserId><Account>${FAKE_ACCOUNT_ID}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000001</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
  if (action === "DescribeAvailabilityZones") {
    const items = FAKE_ZONES.map(
      (z, i) =>
        `<item><zoneName>${z}</zoneName><zoneState>available</zoneState><regionName>eu-west-1</regionName><zoneId>euw1-az${i + 1}</zoneId><optInStatus>opt-in-not-required</optInStatus><groupName>eu-west-1</groupName><networkBorderGroup>eu-west-1</networkBorderGroup><zoneType>availability-zone</zoneType></item>`,
    ).join("");
    return `<DescribeAvailabilityZonesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>00000000-0000-4000-8000-000000000002</requestId><availabilityZoneInfo>${items}</availabilityZoneInfo></DescribeAvailabilityZonesResponse>`;
  }
  return undefined;
}

/** Starts the fake on 127.0.0.1 (a free port). */
export async function startFakeAws(): Promise<FakeAws> {
  const actions: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const action = new URLSearchParams(body).get("Action") ?? new URL(req.url ?? "/", "http://x").searchParams.get("Action");
      actions.push(action ?? `${req.method} ${req.url}`);
      const xml = answer(action);
      if (!xml) {
        res
          .writeHead(400, { "Content-Type": "text/xml" })
          .end(
            `<ErrorResponse><Error><Code>NotFaked</Code><Message>the fake answers GetCallerIdentity and DescribeAvailabilityZones only, not ${action}</Message></Error></ErrorResponse>`,
          );
        return;
      }
      res.writeHead(200, { "Content-Type": "text/xml" }).end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, actions, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
