// Package terraform reads the JSON that `terraform show -json` prints for a plan or a
// state of terraform-provider-alicloud resources, and writes the RAM configuration it
// describes as a world file (package worldfile), so that decisions, reach and who-can
// can be asked of a real configuration, before and after a plan.
//
// # What is read
//
// A plan gives two worlds: Before, from prior_state, and After, from planned_values
// (child modules included), with resource_changes' after_unknown saying which values
// are known only after apply. A state gives one world, After. The resources read:
//
//	alicloud_ram_user                         name
//	alicloud_ram_group                        group_name, or name (deprecated)
//	alicloud_ram_role                         role_name or name; assume_role_policy_document
//	                                          or document; max_session_duration; arn
//	alicloud_ram_policy                       policy_name or name; policy_document or document
//	alicloud_ram_{user,group,role}_policy_attachment   policy_name, policy_type (Custom, System)
//	alicloud_ram_group_membership             group_name, user_names
//	alicloud_ram_user_group_attachment        group_name, user_name
//	alicloud_resource_manager_control_policy  control_policy_name, policy_document, id
//	alicloud_resource_manager_control_policy_attachment  policy_id, target_id
//
// The JSON is read with gjson by path: fields this package does not use may come and go
// between Terraform and provider versions. The documents are read strictly: every policy
// goes through policy.Parse as the kind it is used as (identity, trust, control), and its
// errors name the resource address.
//
// # What is not guessed
//
// A value unknown until apply (a computed ID, a document built from another resource's
// attributes) is never guessed: the resource that needs it is left out and a Problem says
// so. So are attachments to users, groups, roles or custom policies the input does not
// hold (managed outside this configuration), unless their texts are supplied. A system
// policy that is neither embedded (package system) nor supplied is an error.
//
// # Accounts and control policies
//
// A configuration does not say which account it is for: Options.AccountID does, or else
// the account of a role's known ARN. Control-policy attachments target folders and
// accounts; Options.ControlPath gives the account's folders up to the root, so that an
// attachment to one of them becomes that level of the account's chain. Resource
// Directory attaches FullAliyunAccess to every folder and account by default, so each
// level holds it unless Options.DetachedFullAccess names the level.
package terraform
