/**
 * The warnings of the cross-field step: settings that have no effect in the chosen mode. They
 * are printed and synthesis goes on (the errors are in index.ts).
 */
import type { Rule } from "./rule-runner";
import { wasSet } from "./rule-runner";
import { tagWarnings } from "./tags";

/** Settings that have no effect in the chosen mode: printed, synthesis goes on. */
export const WARNINGS: Record<string, Rule> = {
  reservedTags: (c, add) => tagWarnings(c.tags).forEach((i) => add(i.path, i.message)),
  backendSettingsWithLocal: (c, add, input) => {
    if (c.backend.type !== "local") return;
    for (const k of ["key", "locking"])
      if (wasSet(input, ["backend", k])) add(["backend", k], "is ignored with backend.type local (it configures the S3 backend)");
  },
  hostnameWithoutZone: (c, add) => {
    const dns = c.loadBalancer.dns;
    if (dns.hostname && !dns.zoneId)
      add(
        ["loadBalancer", "dns", "hostname"],
        `no DNS record is created for ${dns.hostname} because loadBalancer.dns.zoneId is not set; point it at the ALB (output alb_dns_name) yourself`,
      );
    if (dns.hostname && dns.zoneId && !dns.createRecord)
      add(["loadBalancer", "dns", "createRecord"], `is false: no record is created for ${dns.hostname}; point it at the ALB yourself`);
  },
  imageBuildWithPrebuilt: (c, add, input) => {
    if (c.image.mode !== "prebuilt") return;
    for (const k of ["baseImage", "extraPlugins", "extraDockerfileLines", "keepImages"])
      if (wasSet(input, ["image", k])) add(["image", k], "is ignored with image.mode prebuilt (nothing is built)");
  },
  backupSettingsWhenOff: (c, add, input) => {
    if (c.backup.enabled) return;
    for (const k of ["schedule", "coldStorageAfterDays", "deleteAfterDays", "additionalRules", "vaultLock"])
      if (wasSet(input, ["backup", k])) add(["backup", k], "is ignored with backup.enabled false");
  },
  vaultLockSettingsWhenOff: (c, add, input) => {
    if (c.backup.vaultLock.enabled || !c.backup.enabled) return;
    for (const k of ["minRetentionDays", "maxRetentionDays"])
      if (wasSet(input, ["backup", "vaultLock", k])) add(["backup", "vaultLock", k], "is ignored with backup.vaultLock.enabled false");
  },
  burstAlarmWithoutBursting: (c, add, input) => {
    if (c.storage.throughputMode !== "bursting" && wasSet(input, ["alerts", "efsBurstCreditBalanceBytes"]))
      add(
        ["alerts", "efsBurstCreditBalanceBytes"],
        `is ignored with storage.throughputMode ${c.storage.throughputMode} (burst credits exist only in bursting mode)`,
      );
  },
  flowLogRetentionWithoutFlowLogs: (c, add, input) => {
    if (c.network.vpcId === undefined && !c.network.flowLogs && wasSet(input, ["network", "flowLogRetentionDays"]))
      add(["network", "flowLogRetentionDays"], "is ignored with network.flowLogs false");
  },
};
