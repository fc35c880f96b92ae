import { BackupClient } from "@aws-sdk/client-backup";
import { ECSClient } from "@aws-sdk/client-ecs";
import { EFSClient } from "@aws-sdk/client-efs";

/** The AWS clients the restore uses (tests pass mocked ones, or ones bound to a local endpoint). */
export interface RestoreClients {
  readonly backup: BackupClient;
  readonly ecs: ECSClient;
  readonly efs: EFSClient;
}

/** Options of {@link createRestoreClients}. */
export interface RestoreClientOptions {
  /** Region of the stack. */
  readonly region: string;
  /**
   * One endpoint for every service (a local stand-in for AWS in tests).
   * @default - the AWS endpoints
   */
  readonly endpoint?: string;
  /**
   * Static credentials (fake ones for a local stand-in).
   * @default - the SDK's default chain (environment, profile, SSO, instance role...)
   */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  /**
   * Attempts per call (the SDK's standard retry mode backs off on throttling).
   * @default 5
   */
  readonly maxAttempts?: number;
}

/** AWS SDK v3 clients for Backup, ECS and EFS in one region. */
export function createRestoreClients(opts: RestoreClientOptions): RestoreClients {
  const config = { region: opts.region, endpoint: opts.endpoint, credentials: opts.credentials, maxAttempts: opts.maxAttempts ?? 5 };
  return { backup: new BackupClient(config), ecs: new ECSClient(config), efs: new EFSClient(config) };
}
