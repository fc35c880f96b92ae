import { fromSchema, ModuleVariable } from "./variable";

/** Build credentials (AWS Secrets Manager credentials provider). */
export function credentialVariables(): ModuleVariable[] {
  return [
    fromSchema("credentials_secrets_manager_enabled", "credentials.secretsManager.enabled"),
    fromSchema("credentials_secret_name_prefix", "credentials.secretsManager.namePrefix"),
  ];
}
