#!/bin/sh
# collect-snapshot.sh DIR: save the RAM responses of the current account that
# `ramsim import snapshot DIR` reads (layout: eval/world/snapshot/README.md).
#
# Needs the Alibaba Cloud CLI (`aliyun`, configured for the account; the caller needs
# ram:List*, ram:Get* and sts:GetCallerIdentity, e.g. AliyunRAMReadOnlyAccess) and jq.
# Every response is saved as the CLI prints it. Nothing is changed in the account.
set -eu

dir=${1:?usage: collect-snapshot.sh DIR}
ALIYUN=${ALIYUN:-aliyun}
for tool in "$ALIYUN" jq; do
	command -v "$tool" >/dev/null 2>&1 || { echo "collect-snapshot.sh: $tool not found" >&2; exit 2; }
done
mkdir -p "$dir"

"$ALIYUN" sts GetCallerIdentity >"$dir/GetCallerIdentity.json"

# pages API: ListUsers.1.json, ListUsers.2.json, ... following Marker while IsTruncated.
pages() {
	n=1
	marker=
	while :; do
		out="$dir/$1.$n.json"
		if [ -z "$marker" ]; then
			"$ALIYUN" ram "$1" --MaxItems 1000 >"$out"
		else
			"$ALIYUN" ram "$1" --MaxItems 1000 --Marker "$marker" >"$out"
		fi
		[ "$(jq -r '.IsTruncated' "$out")" = true ] || break
		marker=$(jq -r '.Marker' "$out")
		n=$((n + 1))
	done
}
pages ListUsers
pages ListGroups
pages ListRoles

# names FILES PATH: the names at PATH in every page. RAM names hold no white space.
names() { jq -r "$2" $1; }

mkdir -p "$dir/ListGroupsForUser" "$dir/ListPoliciesForUser" "$dir/ListPoliciesForGroup" \
	"$dir/ListPoliciesForRole" "$dir/GetRole" "$dir/GetPolicy/Custom" "$dir/GetPolicy/System"
for u in $(names "$dir/ListUsers.*.json" '.Users.User[].UserName'); do
	"$ALIYUN" ram ListGroupsForUser --UserName "$u" >"$dir/ListGroupsForUser/$u.json"
	"$ALIYUN" ram ListPoliciesForUser --UserName "$u" >"$dir/ListPoliciesForUser/$u.json"
done
for g in $(names "$dir/ListGroups.*.json" '.Groups.Group[].GroupName'); do
	"$ALIYUN" ram ListPoliciesForGroup --GroupName "$g" >"$dir/ListPoliciesForGroup/$g.json"
done
for r in $(names "$dir/ListRoles.*.json" '.Roles.Role[].RoleName'); do
	"$ALIYUN" ram GetRole --RoleName "$r" >"$dir/GetRole/$r.json"
	"$ALIYUN" ram ListPoliciesForRole --RoleName "$r" >"$dir/ListPoliciesForRole/$r.json"
done
# Every attached policy once, system ones included: the account's copy is the version it sees.
jq -r '.Policies.Policy[] | .PolicyType + " " + .PolicyName' \
	"$dir"/ListPoliciesForUser/*.json "$dir"/ListPoliciesForGroup/*.json "$dir"/ListPoliciesForRole/*.json 2>/dev/null |
	sort -u | while read -r type name; do
		"$ALIYUN" ram GetPolicy --PolicyType "$type" --PolicyName "$name" >"$dir/GetPolicy/$type/$name.json"
	done
echo "collect-snapshot.sh: wrote $dir" >&2
