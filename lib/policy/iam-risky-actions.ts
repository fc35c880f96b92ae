/**
 * The action lists checkov's IAM-analysis checks take verbatim from cloudsplaining: actions
 * that return credentials, read-only actions that exfiltrate data, and the privilege
 * escalation methods (each a set of actions that together escalate). Classification of other
 * actions (restrictable, access level) is in iam-actions.ts.
 */

/** cloudsplaining's ACTIONS_THAT_RETURN_CREDENTIALS, minus ecr:GetAuthorizationToken (which checkov excludes). */
export const CREDENTIALS_EXPOSURE_ACTIONS: readonly string[] = [
  "airflow:createclitoken",
  "airflow:createweblogintoken",
  "appsync:createapikey",
  "chime:createapikey",
  "cloud9:createenvironmenttoken",
  "codeartifact:getauthorizationtoken",
  "codepipeline:pollforjobs",
  "cognito-identity:getopenidtoken",
  "cognito-identity:getopenidtokenfordeveloperidentity",
  "cognito-identity:getcredentialsforidentity",
  "cognito-idp:getsigningcertificate",
  "connect:getfederationtoken",
  "connect:getfederationtokens",
  "ec2:getpassworddata",
  "ecr-public:getauthorizationtoken",
  "emr-containers:getmanagedendpointsessioncredentials",
  "finspace-api:getprogrammaticaccesscredentials",
  "gamelift:requestuploadcredentials",
  "gamelift:getinstanceaccess",
  "gamelist:getcomputeaccess",
  "gamelist:getcomputeauthtoken",
  "grafana:createworkspaceapikey",
  "iam:createaccesskey",
  "iam:createloginprofile",
  "iam:createservicespecificcredential",
  "iam:resetservicespecificcredential",
  "iam:updateaccesskey",
  "license-manager:getaccesstoken",
  "lightsail:getinstanceaccessdetails",
  "lightsail:downloaddefaultkeypair",
  "lightsail:createbucketaccesskey",
  "lightsail:getrelationaldatabasemasteruserpassword",
  "mediapackage:rotatechannelcredentials",
  "mediapackage:rotateingestendpointcredentials",
  "rds-db:connect",
  "redshift:getclustercredentials",
  "redshift:getclustercredentialswithiam",
  "redshift-serverless:getcredentials",
  "sso:getrolecredentials",
  "sts:assumerole",
  "sts:assumerolewithsaml",
  "sts:assumerolewithwebidentity",
  "sts:getfederationtoken",
  "sts:getsessiontoken",
];

/** cloudsplaining's READ_ONLY_DATA_EXFILTRATION_ACTIONS. */
export const DATA_EXFILTRATION_ACTIONS: readonly string[] = [
  "s3:getobject",
  "ssm:getparameter",
  "ssm:getparameters",
  "ssm:getparametersbypath",
  "secretsmanager:getsecretvalue",
];

/** PRIVILEGE_ESCALATION_METHODS of cloudsplaining 0.7.0 (the version checkov 3.3.13 installs). */
export const PRIVILEGE_ESCALATION_METHODS: Readonly<Record<string, readonly string[]>> = {
  CreateAccessKey: ["iam:createaccesskey"],
  CreateLoginProfile: ["iam:createloginprofile"],
  UpdateLoginProfile: ["iam:updateloginprofile"],
  AddUserToGroup: ["iam:addusertogroup"],
  CreateNewPolicyVersion: ["iam:createpolicyversion"],
  SetExistingDefaultPolicyVersion: ["iam:setdefaultpolicyversion"],
  AttachUserPolicy: ["iam:attachuserpolicy"],
  AttachGroupPolicy: ["iam:attachgrouppolicy"],
  AttachRolePolicy: ["iam:attachrolepolicy", "sts:assumerole"],
  PutUserPolicy: ["iam:putuserpolicy"],
  PutGroupPolicy: ["iam:putgrouppolicy"],
  PutRolePolicy: ["iam:putrolepolicy", "sts:assumerole"],
  UpdateRolePolicyToAssumeIt: ["iam:updateassumerolepolicy", "sts:assumerole"],
  CreateEC2WithExistingIP: ["iam:passrole", "ec2:runinstances"],
  PassExistingRoleToNewLambdaThenInvoke: ["iam:passrole", "lambda:createfunction", "lambda:invokefunction"],
  PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo: ["iam:passrole", "lambda:createfunction", "lambda:createeventsourcemapping"],
  PassExistingRoleToNewGlueDevEndpoint: ["iam:passrole", "glue:createdevendpoint"],
  PassExistingRoleToCloudFormation: ["iam:passrole", "cloudformation:createstack"],
  PassExistingRoleToNewDataPipeline: ["iam:passrole", "datapipeline:createpipeline"],
  UpdateExistingGlueDevEndpoint: ["glue:updatedevendpoint"],
  EditExistingLambdaFunctionWithRole: ["lambda:updatefunctioncode"],
};
