package condval

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDecimal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"10", "10.0", 0}, {"-0", "0", 0}, {"007", "7", 0}, {"1.5", "1.25", 1}, {"-1", "1", -1},
		{"-2", "-10", 1}, {"100", "99.999", 1}, {"0.1", "0.10000", 0},
		{"123456789012345678901234567890", "123456789012345678901234567891", -1},
	} {
		a, ok1 := ParseDecimal(tc.a)
		b, ok2 := ParseDecimal(tc.b)
		assert.True(t, ok1 && ok2)
		assert.Equal(t, tc.want, a.Compare(b), "%s vs %s", tc.a, tc.b)
	}
	for _, bad := range []string{"", "+5", "1e3", ".5", "5.", "NaN", "-", "1,000", " 1", "0x10", "١"} {
		_, ok := ParseDecimal(bad)
		assert.False(t, ok, bad)
	}
}

func TestDate(t *testing.T) {
	t.Parallel()
	a, ok := ParseDate("2019-08-12T17:00:00+08:00")
	assert.True(t, ok)
	b, _ := ParseDate("2019-08-12T09:00:00Z")
	assert.Equal(t, 0, a.Compare(b))
	c, _ := ParseDate("2019-08-12T09:00:00.5Z")
	assert.Equal(t, -1, b.Compare(c))
	d, _ := ParseDate("2019-08-12T09:00:00.500000000Z")
	assert.Equal(t, 0, c.Compare(d))
	for _, bad := range []string{"2019-08-12", "2019-08-12T09:00:00", "2019-08-12t09:00:00Z", "2019-08-12T09:00:00z",
		"2019-02-30T00:00:00Z", "2019-13-01T00:00:00Z", "2019-08-12T24:00:00Z", "2019-08-12T09:00:00+0800",
		"2019-08-12T09:00:00.Z", "1565600400", "2019-08-12 09:00:00Z"} {
		_, ok := ParseDate(bad)
		assert.False(t, ok, bad)
	}
	_, ok = ParseDate("2024-02-29T00:00:00Z")
	assert.True(t, ok)
}

func TestIP(t *testing.T) {
	t.Parallel()
	p, ok := ParsePrefix("::ffff:10.0.0.0/104")
	assert.True(t, ok)
	assert.Equal(t, "10.0.0.0/8", p.String())
	p, _ = ParsePrefix("192.168.1.7/16")
	assert.Equal(t, "192.168.0.0/16", p.String())
	a, ok := ParseAddr("::ffff:10.1.2.3")
	assert.True(t, ok)
	assert.True(t, p.Contains(a) == false)
	for _, bad := range []string{"10.0.0.0/33", "::/129", "010.0.0.1", "fe80::1%eth0", "10.0.0.1/8/8", "x"} {
		_, ok := ParsePrefix(bad)
		assert.False(t, ok, bad)
	}
	_, ok = ParseAddr("10.0.0.0/8")
	assert.False(t, ok, "a prefix is not an address")
	v, ok := ParseBool("TRUE")
	assert.True(t, v && ok)
	_, ok = ParseBool("yes")
	assert.False(t, ok)
}

func FuzzParse(f *testing.F) {
	f.Add("2019-08-12T17:00:00+08:00")
	f.Add("-10.50")
	f.Add("::ffff:1.2.3.4/120")
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := ParseDecimal(s); ok && d.Compare(d) != 0 {
			t.Fatal("decimal not equal to itself")
		}
		if i, ok := ParseDate(s); ok && (i.Compare(i) != 0 || i.Nsec < 0 || i.Nsec >= 1e9) {
			t.Fatal("bad instant")
		}
		if p, ok := ParsePrefix(s); ok && p != p.Masked() {
			t.Fatal("prefix not masked")
		}
		ParseAddr(s)
		ParseBool(s)
	})
}
