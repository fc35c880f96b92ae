/**
 * Real AWS regions, their partitions and their availability-zone letters.
 *
 * Regions: the public partitions (`aws`, `aws-cn`, `aws-us-gov`) of the AWS SDK's endpoint
 * data, aws/aws-sdk-js-v3 packages/util-endpoints/src/lib/aws/partitions.json at commit
 * 685ff5d03588f81121c6fa9466771cd444492209 (the same data botocore and the Terraform AWS
 * provider ship). A region opened later is added here; until then it is rejected with a
 * message saying so.
 *
 * Zone letters: the zones each region has had since it opened, from the AWS documentation
 * ("Regions and Availability Zones", docs.aws.amazon.com/global-infrastructure and the AZ-ID
 * tables of docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html). A letter not
 * listed does not exist in the region. A listed letter may still be closed to a given account
 * (us-west-1 and ap-northeast-1 offer new accounts only some of theirs); that only
 * `aws ec2 describe-availability-zones` can tell, and messages say so.
 */

/** Region -> partition. */
export const REGION_PARTITIONS: Readonly<Record<string, "aws" | "aws-cn" | "aws-us-gov">> = {
  "af-south-1": "aws",
  "ap-east-1": "aws",
  "ap-northeast-1": "aws",
  "ap-northeast-2": "aws",
  "ap-northeast-3": "aws",
  "ap-south-1": "aws",
  "ap-south-2": "aws",
  "ap-southeast-1": "aws",
  "ap-southeast-2": "aws",
  "ap-southeast-3": "aws",
  "ap-southeast-4": "aws",
  "ap-southeast-5": "aws",
  "ap-southeast-7": "aws",
  "ca-central-1": "aws",
  "ca-west-1": "aws",
  "eu-central-1": "aws",
  "eu-central-2": "aws",
  "eu-north-1": "aws",
  "eu-south-1": "aws",
  "eu-south-2": "aws",
  "eu-west-1": "aws",
  "eu-west-2": "aws",
  "eu-west-3": "aws",
  "il-central-1": "aws",
  "me-central-1": "aws",
  "me-south-1": "aws",
  "mx-central-1": "aws",
  "sa-east-1": "aws",
  "us-east-1": "aws",
  "us-east-2": "aws",
  "us-west-1": "aws",
  "us-west-2": "aws",
  "cn-north-1": "aws-cn",
  "cn-northwest-1": "aws-cn",
  "us-gov-east-1": "aws-us-gov",
  "us-gov-west-1": "aws-us-gov",
};

/** Every known region, sorted. */
export const REGIONS: readonly string[] = Object.keys(REGION_PARTITIONS).sort();

/** Zone letters per region (see the file comment). */
export const ZONE_LETTERS: Readonly<Record<string, string>> = {
  "af-south-1": "abc",
  "ap-east-1": "abc",
  "ap-northeast-1": "acd",
  "ap-northeast-2": "abcd",
  "ap-northeast-3": "abc",
  "ap-south-1": "abc",
  "ap-south-2": "abc",
  "ap-southeast-1": "abc",
  "ap-southeast-2": "abc",
  "ap-southeast-3": "abc",
  "ap-southeast-4": "abc",
  "ap-southeast-5": "abc",
  "ap-southeast-7": "abc",
  "ca-central-1": "abd",
  "ca-west-1": "abc",
  "eu-central-1": "abc",
  "eu-central-2": "abc",
  "eu-north-1": "abc",
  "eu-south-1": "abc",
  "eu-south-2": "abc",
  "eu-west-1": "abc",
  "eu-west-2": "abc",
  "eu-west-3": "abc",
  "il-central-1": "abc",
  "me-central-1": "abc",
  "me-south-1": "abc",
  "mx-central-1": "abc",
  "sa-east-1": "abc",
  "us-east-1": "abcdef",
  "us-east-2": "abc",
  "us-west-1": "abc",
  "us-west-2": "abcd",
  "cn-north-1": "abd",
  "cn-northwest-1": "abc",
  "us-gov-east-1": "abc",
  "us-gov-west-1": "abc",
};

/** The partition of a known region, else undefined. */
export function partitionOfRegion(region: string): string | undefined {
  return REGION_PARTITIONS[region];
}

/** Why `region` is not a region the stack can use, or undefined. */
export function regionProblem(region: string): string | undefined {
  if (REGION_PARTITIONS[region]) return undefined;
  const close = REGIONS.filter((r) => r.split("-")[0] === region.split("-")[0]);
  return `is not an AWS region; known regions${close.length ? ` starting with ${region.split("-")[0]}-` : ""}: ${(close.length ? close : REGIONS).join(", ")} (lib/config/rules/regions.ts; a region opened later must be added there)`;
}

/** Why `zone` is not a zone of `region`, or undefined. */
export function zoneProblem(zone: string, region: string): string | undefined {
  if (!zone.startsWith(`${region}`) || zone.length !== region.length + 1) return `is not a zone of region ${region} (zones are ${region} plus one letter)`;
  const letters = ZONE_LETTERS[region];
  if (!letters) return undefined;
  const letter = zone.slice(-1);
  if (!letters.includes(letter))
    return `does not exist: ${region} has the zones ${[...letters].map((l) => region + l).join(", ")} (whether your account may use each one, only aws ec2 describe-availability-zones can tell)`;
  return undefined;
}

/** Partition of an ARN, or undefined if it is not an ARN. */
export function arnPartition(arn: string): string | undefined {
  return /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):/.exec(arn)?.[1];
}
