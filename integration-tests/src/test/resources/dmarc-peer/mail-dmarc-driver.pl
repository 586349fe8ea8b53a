#!/usr/bin/perl
# Runs Mail::DMARC (Debian libmail-dmarc-perl, RFC 7489) over DMARC scenarios for DmarcPeerIT.
#
#   perl mail-dmarc-driver.pl DNS_PORT < scenarios.jsonl > verdicts.jsonl
#
# Each input line is one JSON object: id, header_from_raw (the From field's value, whose domain
# Mail::DMARC extracts itself), envelope_from (a domain or empty), spf (a list of {domain, scope mfrom|helo, result}), dkim (a list of {domain, selector,
# result}) and sample (0-99: the random number pct= sampling draws). Each output line is
# {id, result, disposition, reason}; a scenario the peer refuses (an exception) gets result "error".
# Policies are looked up in the authoritative NSD on 127.0.0.1:DNS_PORT, without recursion.
use strict;
use warnings;

# pct= sampling calls rand(); the scenario fixes its draw so both implementations sample alike.
# CORE::GLOBAL must be replaced before Mail::DMARC is compiled; only Mail::DMARC's own call is
# fixed (Net::DNS draws query ids with rand() and must keep them random).
our $draw;
BEGIN {
    *CORE::GLOBAL::rand = sub {
        return defined $main::draw && caller eq 'Mail::DMARC::PurePerl' ? $main::draw : CORE::rand(@_ ? $_[0] : 1);
    };
}

use JSON::PP;
use Net::DNS;
use Mail::DMARC::PurePerl;

my $port = shift @ARGV or die "usage: $0 DNS_PORT < scenarios.jsonl\n";
my $json = JSON::PP->new->canonical;
$| = 1;

while (my $line = <STDIN>) {
    next if $line !~ /\S/;
    my $scenario = $json->decode($line);
    my %verdict = (id => $scenario->{id});
    eval {
        local $main::draw = $scenario->{sample};
        my $dmarc = Mail::DMARC::PurePerl->new;
        $dmarc->set_resolver(Net::DNS::Resolver->new(
            nameservers => ['127.0.0.1'], port => $port, recurse => 0,
            udp_timeout => 5, tcp_timeout => 5, retry => 1));
        $dmarc->header_from_raw($scenario->{header_from_raw});
        $dmarc->envelope_from($scenario->{envelope_from}) if $scenario->{envelope_from};
        $dmarc->spf($_) for @{ $scenario->{spf} };
        $dmarc->dkim($_) for @{ $scenario->{dkim} };
        my $result = $dmarc->validate;
        $verdict{result} = $result->result;
        $verdict{disposition} = $result->disposition;
        my $reasons = $result->reason;
        $verdict{reason} = join ', ', map { $_->type . ($_->comment ? ' ' . $_->comment : '') } @{ $reasons || [] };
        1;
    } or do {
        my $error = $@ || 'unknown error';
        $error =~ s/\s+/ /g;
        $verdict{result} = 'error';
        $verdict{disposition} = 'none';
        $verdict{reason} = $error;
    };
    print $json->encode(\%verdict), "\n";
}
