package lint

// The catalogue of the services lint knows action by action. It is data, gathered once by
// hand; each list says where its names come from. Alibaba publishes each service's
// actions on a "RAM authorization" page, but the pages could be read only in part (their
// first rows), so every list below is the union of (1) the service's OpenAPI operation
// names from Alibaba's API metadata (mirrored at github.com/dew-serverless/acs-metadata,
// commit b3c749cc875faf56035035ed91fb8aa173d2abd7, 2025-12-19), since an action is named
// after its operation in most rows of those pages, and (2) every action name met in
// Alibaba's documentation and system policies that is not an operation name. A list may
// still miss an action, so an action missing from it is an error only when it is a near
// miss of a listed one (a misspelling), and a warning otherwise (see unknownAction).
//
// An operation name is left out where an operation page shows that the operation is
// authorized by another action: then the operation name is no action.

// service describes one catalogued service.
type service struct {
	name string
	// actions are the action names without the "service:" prefix.
	actions []string
	// resourceTypes are the first path segments of the service's resource ARNs
	// ("repository" in acs:cr:*:*:repository/...).
	resourceTypes []string
	// resourceServices are the services whose resources the actions act on: sts acts on
	// RAM roles.
	resourceServices []string
	// keys are the service's own condition keys.
	keys []string
}

var catalogue = map[string]*service{
	// Container Registry, Enterprise Edition (OpenAPI 2018-12-01) and Personal Edition
	// (OpenAPI 2016-06-07). Sources:
	//   https://help.aliyun.com/en/acr/user-guide/ram-authorization-information (= doc_detail/144229):
	//     resource types instance, repository, chart; GetChartNamespace -> cr:GetNamespace,
	//     GetChartRepository -> cr:GetRepository, cr:GetAuthorizationToken.
	//   https://api.aliyun.com/document/cr/2018-12-01/ram (first rows): cr:BuildRepositoryByRecord,
	//     cr:BuildRepositoryByRule, cr:CancelArtifactDeleteUntaggedManifestTask,
	//     cr:CancelBuildRepository, cr:CancelDiagnosisTask, cr:CancelInstanceImageMigrateTask,
	//     cr:CreateAccessVpcLink.
	//   Operation pages https://help.aliyun.com/zh/acr/developer-reference/api-cr-2018-12-01-<name>:
	//     CreateChartNamespace -> cr:CreateNamespace, UpdateChartNamespace -> cr:UpdateNamespace,
	//     CancelRepoBuildRecord -> cr:CancelBuildRepository, GetInstance -> cr:GetInstance,
	//     ListInstance -> cr:ListInstance; so the operation names CreateChartNamespace,
	//     UpdateChartNamespace, GetChartNamespace, GetChartRepository, CancelRepoBuildRecord,
	//     CreateBuildRecordByRecord and CreateBuildRecordByRule are not listed as actions
	//     (the last two are authorized as cr:BuildRepositoryByRecord and
	//     cr:BuildRepositoryByRule, the metadata table's first rows suggest).
	//   Enterprise Edition operations: acs-metadata en_us/cr/2018-12-01/api-docs.json.
	//   Personal Edition operations: aliyun/aliyun-openapi-python-sdk aliyun-python-sdk-cr v20160607.
	//   Data plane and system policies: cr:PullRepository, cr:PushRepository
	//     (https://help.aliyun.com/en/acr/user-guide/grant-ram-user-system-policy,
	//     AliyunCSManagedAcrRolePolicy), cr:GetRepositoryTag, cr:GetRepoTagManifest,
	//     cr:GetRepositoryManifest, cr:GetArtifactTag, cr:CreateArtifactBuildTask (ACK and
	//     Function Compute service-role policies).
	// No cr condition keys are documented.
	"cr": {
		name: "cr",
		actions: []string{
			"BuildRepositoryByRecord", "BuildRepositoryByRule", "CancelArtifactBuildTask",
			"CancelArtifactDeleteUntaggedManifestTask", "CancelBuildRepository", "CancelDiagnosisTask",
			"CancelInstanceImageMigrateTask", "CancelRepoBuild",
			"CancelRepoSyncTask", "ChangeResourceGroup", "CreateAccessVpcLink",
			"CreateArtifactBuildRule", "CreateArtifactBuildTask", "CreateArtifactLifecycleRule",
			"CreateArtifactSubscriptionRule", "CreateArtifactSubscriptionTask",
			"CreateChain",
			"CreateChartRepository", "CreateCollection",
			"CreateInstanceEndpointAclPolicy", "CreateInstanceVpcEndpointLinkedVpc", "CreateNamespace",
			"CreateNamespaceAuthorization", "CreateRepo", "CreateRepoAuthorization",
			"CreateRepoBuildRule", "CreateRepoSourceCodeRepo", "CreateRepoSyncRule",
			"CreateRepoSyncTask", "CreateRepoSyncTaskByRule", "CreateRepoTag", "CreateRepoTagScanTask",
			"CreateRepoTrigger", "CreateRepoWebhook", "CreateRepository", "CreateScanRule",
			"CreateStorageDomainRoutingRule", "CreateUserInfo", "CreateUserSourceAccount",
			"DeleteArtifactLifecycleRule", "DeleteArtifactSubscriptionRule", "DeleteChain",
			"DeleteChartNamespace", "DeleteChartRelease", "DeleteChartRepository", "DeleteCollection",
			"DeleteEventCenterRule", "DeleteImage", "DeleteInstanceEndpointAclPolicy",
			"DeleteInstanceVpcEndpointLinkedVpc", "DeleteNamespace", "DeleteNamespaceAuthorization",
			"DeleteRepo", "DeleteRepoAuthorization", "DeleteRepoBuildRule", "DeleteRepoSyncRule",
			"DeleteRepoTag", "DeleteRepoTrigger", "DeleteRepoWebhook", "DeleteRepository",
			"DeleteScanRule", "DeleteStorageDomainRoutingRule", "DeleteUserSourceAccount",
			"GetArtifactBuildRule", "GetArtifactBuildTask", "GetArtifactLifecycleRule",
			"GetArtifactSubscriptionRule", "GetArtifactSubscriptionTask",
			"GetArtifactSubscriptionTaskResult", "GetArtifactTag", "GetAuthorizationToken", "GetChain",
			"GetCollection", "GetImageLayer",
			"GetImageManifest", "GetImageScan", "GetInstance", "GetInstanceCount",
			"GetInstanceEndpoint", "GetInstanceUsage", "GetInstanceVpcEndpoint", "GetMirrorList",
			"GetNamespace", "GetNamespaceAuthorizationList", "GetNamespaceList", "GetRegion",
			"GetRegionList", "GetRepo", "GetRepoAuthorizationList", "GetRepoBatch", "GetRepoBuildList",
			"GetRepoBuildLogs", "GetRepoBuildRecord", "GetRepoBuildRecordStatus",
			"GetRepoBuildRuleList", "GetRepoBuildStatus", "GetRepoList", "GetRepoListByNamespace",
			"GetRepoSourceCodeRepo", "GetRepoSourceRepo", "GetRepoSyncTask", "GetRepoSyncTaskList",
			"GetRepoTag", "GetRepoTagManifest", "GetRepoTagScanList", "GetRepoTagScanStatus",
			"GetRepoTagScanSummary", "GetRepoTags", "GetRepoWebhook", "GetRepoWebhookLogList",
			"GetRepository", "GetRepositoryManifest", "GetRepositoryTag", "GetScanRule", "GetSearch",
			"GetStorageDomainRoutingRule", "GetSubUserList", "GetUserInfo", "GetUserSourceAccount",
			"GetUserSourceRepoList", "GetUserSourceRepoRefList", "ListArtifactBuildTaskLog",
			"ListArtifactLifecycleRule", "ListArtifactSubscriptionRule", "ListArtifactSubscriptionTask",
			"ListChain", "ListChainInstance", "ListChartNamespace", "ListChartRelease",
			"ListChartRepository", "ListEventCenterRecord", "ListEventCenterRuleName", "ListInstance",
			"ListInstanceEndpoint", "ListInstanceRegion", "ListNamespace", "ListRepoBuildRecord",
			"ListRepoBuildRecordLog", "ListRepoBuildRule", "ListRepoSyncRule", "ListRepoSyncTask",
			"ListRepoTag", "ListRepoTagScanResult", "ListRepoTrigger", "ListRepository",
			"ListScanBaselineByTask", "ListScanMaliciousFileByTask", "ListScanRule", "ListTagResources",
			"PullRepository", "PushRepository", "ResetLoginPassword", "SearchRepo", "StartImageScan",
			"StartRepoBuild", "StartRepoBuildByRule", "TagResources", "UntagResources",
			"UpdateArtifactLifecycleRule", "UpdateArtifactSubscriptionRule", "UpdateChain",
			"UpdateChartRepository", "UpdateEventCenterRule",
			"UpdateInstanceEndpointStatus", "UpdateNamespace", "UpdateNamespaceAuthorization",
			"UpdateRepo", "UpdateRepoAuthorization", "UpdateRepoBuildRule", "UpdateRepoSourceCodeRepo",
			"UpdateRepoSourceRepo", "UpdateRepoTrigger", "UpdateRepoWebhook", "UpdateRepository",
			"UpdateScanRule", "UpdateStorageDomainRoutingRule", "UpdateUserInfo",
		},
		resourceTypes:    []string{"instance", "repository", "chart"},
		resourceServices: []string{"cr"},
	},
	// Resource Access Management; RAM codes "ram" and "ims" share the "ram:" prefix.
	// Sources: https://www.alibabacloud.com/help/en/ram/api-ram and
	//   https://alibabacloud.com/help/en/ram/developer-reference/api-ims-2019-08-15-ram (RAM
	//   authorization pages); operations from acs-metadata en_us/ram/2015-05-01 and
	//   en_us/ims/2019-08-15; resource formats from AlibabaCloudDocs/ram
	//   "intl.en-US/API Reference/RAM authentication.md" (user/, group/, role/, policy/, mfa/,
	//   and * for account settings); saml-provider/ and oidc-provider/ from the STS
	//   AssumeRoleWithSAML and AssumeRoleWithOIDC pages; ram:PassRole,
	//   ram:CreateServiceLinkedRole, ram:DeleteServiceLinkedRole and the keys
	//   ram:ServiceName, ram:TrustedPrincipalTypes from Alibaba's system policies
	//   (alibabacloud-automation/terraform-alicloud-ram-policy) and the service-linked role
	//   page.
	"ram": {
		name: "ram",
		actions: []string{
			"AddClientIdToOIDCProvider", "AddFingerprintToOIDCProvider", "AddUserToGroup",
			"AttachPolicyToGroup", "AttachPolicyToRole", "AttachPolicyToUser", "BindMFADevice",
			"ChangePassword", "ClearAccountAlias", "CreateAccessKey", "CreateAppSecret",
			"CreateApplication", "CreateGroup", "CreateLoginProfile", "CreateOIDCProvider",
			"CreatePolicy", "CreatePolicyVersion", "CreateRole", "CreateSAMLProvider",
			"CreateServiceLinkedRole", "CreateUser", "CreateVirtualMFADevice",
			"DecodeDiagnosticMessage", "DeleteAccessKey", "DeleteAccessKeyInRecycleBin",
			"DeleteAppSecret", "DeleteApplication", "DeleteGroup", "DeleteLoginProfile",
			"DeleteOIDCProvider", "DeletePasskey", "DeletePolicy", "DeletePolicyVersion", "DeleteRole",
			"DeleteSAMLProvider", "DeleteServiceLinkedRole", "DeleteUser", "DeleteUserInRecycleBin",
			"DeleteVirtualMFADevice", "DeprovisionApplication", "DeprovisionExternalApplication",
			"DetachPolicyFromGroup", "DetachPolicyFromRole", "DetachPolicyFromUser",
			"DisableVirtualMFA", "GenerateCredentialReport", "GenerateGovernanceReport",
			"GetAccessKeyInfoInRecycleBin", "GetAccessKeyLastUsed", "GetAccountAlias",
			"GetAccountMFAInfo", "GetAccountSecurityPracticeReport", "GetAccountSummary",
			"GetAppSecret", "GetApplication", "GetApplicationProvisionInfo", "GetCredentialReport",
			"GetDefaultDomain", "GetExternalApplication", "GetGovernanceItemReport",
			"GetGovernanceReportStatus", "GetGroup", "GetLoginProfile", "GetOIDCProvider",
			"GetPasswordPolicy", "GetPolicy", "GetPolicyVersion", "GetRole", "GetSAMLProvider",
			"GetSecurityPreference", "GetUser", "GetUserInRecycleBin", "GetUserMFAInfo",
			"GetUserSsoSettings", "GetVerificationInfo", "ListAccessKeys", "ListAccessKeysInRecycleBin",
			"ListAppSecretIds", "ListApplicationProvisionInfos", "ListApplications",
			"ListEntitiesForPolicy", "ListExternalApplications", "ListGroups", "ListGroupsForUser",
			"ListOIDCProviders", "ListPasskeys", "ListPolicies", "ListPoliciesForGroup",
			"ListPoliciesForRole", "ListPoliciesForUser", "ListPolicyVersions", "ListPredefinedScopes",
			"ListRecentGovernanceMetrics", "ListRoles", "ListSAMLProviders", "ListTagResources",
			"ListUserBasicInfos", "ListUsers", "ListUsersForGroup", "ListUsersInRecycleBin",
			"ListVirtualMFADevices", "PassRole", "ProvisionApplication", "ProvisionExternalApplication",
			"RemoveClientIdFromOIDCProvider", "RemoveFingerprintFromOIDCProvider",
			"RemoveUserFromGroup", "RestoreAccessKeyFromRecycleBin", "RestoreUserFromRecycleBin",
			"SetAccountAlias", "SetDefaultDomain", "SetDefaultPolicyVersion", "SetPasswordPolicy",
			"SetSecurityPreference", "SetUserSsoSettings", "SetVerificationInfo", "TagResources",
			"UnbindMFADevice", "UnbindVerification", "UntagResources", "UpdateAccessKey",
			"UpdateApplication", "UpdateGroup", "UpdateLoginProfile", "UpdateOIDCProvider",
			"UpdatePasskey", "UpdatePolicyDescription", "UpdateRole", "UpdateSAMLProvider",
			"UpdateUser",
		},
		resourceTypes:    []string{"user", "group", "role", "policy", "mfa", "saml-provider", "oidc-provider", "application"},
		resourceServices: []string{"ram"},
		keys:             []string{"ram:ServiceName", "ram:TrustedPrincipalTypes"},
	},
	// Security Token Service. Sources: https://help.aliyun.com/en/ram/developer-reference/api-sts-2015-04-01-ram
	//   (= doc_detail/371860): sts:AssumeRole on acs:ram::{accountId}:role/{RoleName},
	//   condition key sts:SourceIdentity; operations from acs-metadata en_us/sts/2015-04-01;
	//   sts:ExternalId from "Use ExternalId to prevent the confused deputy problem" (doc 2361741).
	"sts": {
		name:             "sts",
		actions:          []string{"AssumeRole", "AssumeRoleWithOIDC", "AssumeRoleWithSAML", "GetCallerIdentity"},
		resourceServices: []string{"ram"},
		keys:             []string{"sts:ExternalId", "sts:SourceIdentity"},
	},
}
