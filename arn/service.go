package arn

import (
	"errors"
	"fmt"
	"strings"
)

// ErrServicePrincipal is wrapped by ParseServicePrincipal's errors.
var ErrServicePrincipal = errors.New("arn: invalid service principal")

// ServicePrincipal is a trust-policy Service principal: an Alibaba Cloud service, either
// on its own (ecs.aliyuncs.com: the service acting for the role's own account) or acting
// for one account (1654218965343050@log.aliyuncs.com, as Log Service's cross-account
// delivery and terraform-provider-alicloud's alicloud_ram_role write it). It is not an
// ARN. The zero value is invalid.
type ServicePrincipal struct {
	account string // digits, or "" for the bare form
	service string // lower-case DNS name of at least two labels
}

// ParseServicePrincipal reads SERVICE or UID@SERVICE. SERVICE is a lower-case DNS name of
// at least two labels (ASCII letters, digits and inner '-'); UID is an account ID (digits).
// Wildcards are not allowed. The error, a *ParseError wrapping ErrServicePrincipal, says
// what is wrong with the value.
func ParseServicePrincipal(s string) (ServicePrincipal, error) {
	field := "service"
	fail := func(format string, args ...any) (ServicePrincipal, error) {
		return ServicePrincipal{}, &ParseError{Input: s, Field: field, Msg: fmt.Sprintf(format, args...),
			Err: ErrServicePrincipal, fn: "ParseServicePrincipal"}
	}
	if s == "" {
		return fail("empty; want a service name such as ecs.aliyuncs.com or UID@SERVICE")
	}
	account, service, hasAccount := strings.Cut(s, "@")
	if !hasAccount {
		account, service = "", s
	}
	if hasAccount {
		field = "account"
		switch {
		case strings.Contains(service, "@"):
			field = ""
			return fail("more than one '@'; want SERVICE or UID@SERVICE")
		case account == "":
			return fail("the account ID before '@' is empty")
		case looksMasked(account):
			return fail("account ID must be digits; this one looks masked")
		case !isDigits(account):
			return fail("account ID %s before '@' must be digits", quoteShort(account))
		}
	}
	if msg := serviceNameProblem(service); msg != "" {
		field = "service"
		return fail("%s", msg)
	}
	return ServicePrincipal{account: account, service: service}, nil
}

// serviceNameProblem says what is wrong with a service name, or returns "".
func serviceNameProblem(s string) string {
	if s == "" {
		return "the service name is empty"
	}
	if strings.ContainsAny(s, "*?") {
		return "wildcards are not allowed in a service principal"
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return fmt.Sprintf("%s is one label; want a service name such as ecs.aliyuncs.com", quoteShort(s))
	}
	for _, l := range labels {
		if l == "" {
			return "empty label: a leading, trailing or doubled '.'"
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			switch {
			case 'A' <= c && c <= 'Z':
				return "service names are lower case: " + quoteShort(strings.ToLower(s))
			case !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-'):
				return fmt.Sprintf("character %s is not allowed; labels hold lower-case letters, digits and inner '-'", quoteRune(l[i:]))
			}
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Sprintf("label %s starts or ends with '-'", quoteShort(l))
		}
	}
	return ""
}

// MustParseServicePrincipal is like ParseServicePrincipal but panics on an error; for tests
// and constants.
func MustParseServicePrincipal(s string) ServicePrincipal {
	p, err := ParseServicePrincipal(s)
	if err != nil {
		panic(err)
	}
	return p
}

// Service returns the service name, e.g. log.aliyuncs.com.
func (p ServicePrincipal) Service() string { return p.service }

// Account returns the account the service acts for, or "" for the bare form, which
// stands for the role's own account.
func (p ServicePrincipal) Account() string { return p.account }

// String returns the canonical text: SERVICE or UID@SERVICE.
func (p ServicePrincipal) String() string {
	if p.account == "" {
		return p.service
	}
	return p.account + "@" + p.service
}

// IsValid reports whether p came from a successful ParseServicePrincipal.
func (p ServicePrincipal) IsValid() bool { return p.service != "" }

// MarshalText writes the canonical text; the zero value is an error.
func (p ServicePrincipal) MarshalText() ([]byte, error) {
	if !p.IsValid() {
		return nil, fmt.Errorf("%w: the zero value", ErrServicePrincipal)
	}
	return []byte(p.String()), nil
}

// UnmarshalText parses text as ParseServicePrincipal does.
func (p *ServicePrincipal) UnmarshalText(text []byte) error {
	v, err := ParseServicePrincipal(string(text))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
