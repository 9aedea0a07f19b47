package lint

// Condition keys lint knows. Keys are matched case-insensitively by RAM, so a key written
// in another letter case works; lint says so as a suggestion. Sources:
//
//   - Global keys acs:CurrentTime, acs:SecureTransport, acs:SourceIp, acs:MFAPresent:
//     RAM "Policy elements" (https://www.alibabacloud.com/help/en/ram/policy-elements).
//   - acs:SourceVpc and the list of Alibaba Cloud universal keys: KMS "Policy condition
//     keys" (https://www.alibabacloud.com/help/en/kms/security-and-compliance/condition-key).
//   - acs:AccessId, acs:UserAgent: OSS bucket-policy condition tables.
//   - acs:PrincipalARN: Resource Directory control-policy documentation.
//   - acs:ResourceTag/<key>: RAM "Conditional operators" example.
//   - acs:RequestTag/<key>, acs:TagKeys, acs:Service, acs:PrincipalRdId,
//     acs:PrincipalRdPath: Alibaba's system policies and SDK constants.
//   - oidc:aud, oidc:iss, oidc:sub: Alibaba's ACK RRSA trust policies; saml:recipient: RAM
//     "Create a RAM role for a trusted IdP".
//
// acs:SourceVpcId appears in no Alibaba source found, so it is not listed (lint suggests
// acs:SourceVpc for it).
var globalKeys = []string{
	"acs:CurrentTime", "acs:SecureTransport", "acs:SourceIp", "acs:MFAPresent",
	"acs:SourceVpc", "acs:AccessId", "acs:UserAgent", "acs:PrincipalARN", "acs:Service",
	"acs:TagKeys", "acs:PrincipalRdId", "acs:PrincipalRdPath",
}

// taggedKeys are key families written prefix/TAG.
var taggedKeys = []string{"acs:ResourceTag/", "acs:RequestTag/"}

// federationKeys are the keys of OIDC and SAML tokens in trust policies.
var federationKeys = []string{"oidc:aud", "oidc:iss", "oidc:sub", "saml:recipient"}

// knownServices are service codes that are not catalogued but exist: a resource or an
// action of one of them is never reported as a misspelt catalogued service (cs is not a
// misspelling of cr). They are the product codes of Alibaba's OpenAPI metadata
// (acs-metadata en_us/products.json, lower-cased) plus RAM codes that differ from a
// product code (log for SLS, ots for Tablestore, kvstore for Tair, mq, bss, cen, ...).
var knownServices = []string{
	"acc", "acm", "actiontrail", "adb", "adbai", "adcp", "address-purification", "advisor",
	"agency", "agentrun", "ahas-openapi", "aiccs", "aicontent", "aigen", "aimath", "aimiaobi",
	"aipodcast", "airec", "airticketopen", "aiworkspace", "alb", "alidns", "aligenie",
	"alikafka", "alimt", "amqp", "amqp-open", "antiddos", "antiddos-public", "anytrans",
	"apig", "apigateway", "appflow", "appstream-center", "arms", "avatar", "baas", "bailian",
	"bdrc", "bpstudio", "brain-industrial", "bss", "bssopenapi", "cams", "captcha",
	"carbonfootprint", "cas", "cassandra", "cbn", "cc5g", "ccc", "cddc", "cdn", "cen", "cgcs",
	"chatbot", "clickhouse", "cloud-siem", "cloudapi", "cloudauth", "cloudauth-intl",
	"cloudcontrol", "cloudesl", "cloudfw", "cloudphone", "cloudsso", "cms", "cms-export",
	"companyreg", "composer", "computenest", "computenestsupplier", "config",
	"contactcenterai", "cs", "csas", "das", "dataanalysisgbi", "datalake", "dataphin-public",
	"dataworks", "dataworks-public", "dbfs", "dbs", "dcdn", "ddi", "ddosbgp", "ddoscoo",
	"ddosdiversion", "dds", "devops", "devs", "dfs", "dianjin", "dlfnext", "dm", "dms",
	"dms-dg", "dms-enterprise", "documentautoml", "domain", "drds", "dts", "dyplsapi",
	"dypnsapi", "dypnsapi-intl", "dysmsapi", "dytnsapi", "dyvmsapi", "dyvmsapi-intl", "eais",
	"eas", "easygene", "ebs", "ecd", "eci", "ecs", "ecs-workbench", "edas", "eds-aic",
	"eds-user", "eduinterpreting", "edututor", "eflo", "eflo-cnp", "eflo-controller", "ehpc",
	"ehpcinstant", "eiam", "eiam-developerapi", "eip", "eipanycast", "elasticsearch",
	"emas-appmonitor", "emr", "emr-serverless-spark", "emrstudio", "energyexpertexternal",
	"ens", "es-serverless", "esa", "ess", "eventbridge", "expressconnectrouter", "facebody",
	"farui", "fc", "fc-open", "fnf", "foasconsole", "ga", "gemp", "goodstech", "governance",
	"gpdb", "grace", "green", "gwlb", "gws", "hbase", "hbr", "hcs", "hcs-mgw", "hdr",
	"hitsdb", "hologram", "hsm", "httpdns", "iacservice", "ice", "idaas-doraemon",
	"idrsservice", "imageaudit", "imageenhan", "imageprocess", "imagerecog", "imagesearch",
	"imageseg", "imgsearch", "imm", "imp", "ims", "iot", "iotcc", "iovcc", "iqs", "ivpd",
	"kms", "kvstore", "lingmou", "linkcard", "linkedmall", "linkvisual", "linkwan", "live",
	"log", "ltl", "market", "maxcompute", "metaspace", "mhub", "milvus", "mns-open",
	"moguan-sdk", "mpserverless", "mq", "mse", "mssp", "mts", "multimodaldialog", "nas",
	"nis", "nlb", "nlp-automl", "nls-cloud-meta", "nls-filetrans", "notifications",
	"objectdet", "oceanbasepro", "ocr", "ocr-api", "ons", "onsmqtt", "oos",
	"openanalytics-open", "openapiexplorer", "openitag", "opensearch", "opt", "oss",
	"ossadmin", "osssddp", "ots", "outboundbot", "pai-dlc", "pai-dsw", "paiautoml",
	"paicopilot", "paielasticdatasetaccelerator", "paifeaturestore", "paiflow", "paillmtrace",
	"paiplugin", "pairecservice", "paistudio", "pcdn", "pds", "polardb", "polardbai",
	"polardbx", "privatelink", "pts", "push", "pvtz", "qualitycheck", "quanmiaolightapp",
	"quickbi-public", "quotas", "r-kvstore", "rai", "rds", "rds-data", "rdsai",
	"resourcecenter", "resourcedirectorymaster", "resourcemanager", "resourcesharing",
	"retailadvqa", "rocketmq", "ros", "rtc", "rtc-white-board", "sae", "saf", "safconsole",
	"sas", "sasrasp", "scdn", "schedulerx2", "schedulerx3", "scsp", "sddp", "searchengine",
	"searchplat", "selectdb", "servicecatalog", "servicemesh", "sgw", "slb", "sls", "smartag",
	"smc", "sofa", "sophonsoar", "starrocks", "status", "superappnlp", "support-plan",
	"swas-open", "sysom", "tablestore", "tag", "tdsr", "tingwu", "trafficfxopen", "vcs",
	"ververica", "viapi", "viapi-regen", "videoenhan", "videorecog", "videoseg", "vod",
	"voicenavigator", "vpc", "vpcipam", "vpcpeer", "vs", "waf", "waf-openapi", "webplus",
	"websitebuild", "workorder", "wss", "xtee", "xtrace", "yundun-bastionhost", "yundun-cert",
	"yundun-ddos", "yundun-sas", "yundun-waf",
}
