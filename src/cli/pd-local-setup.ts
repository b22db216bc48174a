/**
 * The resolver set-up `*.pd.local` names need on this OS (printed by `pd url --pd-local`);
 * `*.localhost` needs none of it. dnsmasq answers every pd.local name with 127.0.0.1 on port
 * 5353, and the system resolver sends only that domain to it.
 */
export function pdLocalSetup(platform: NodeJS.Platform = process.platform): string {
  const dnsmasq = `# 1. dnsmasq answers *.pd.local with 127.0.0.1 (file: /etc/dnsmasq.d/pd-local.conf)
port=5353
listen-address=127.0.0.1
address=/pd.local/127.0.0.1`;
  const resolver =
    platform === 'darwin'
      ? `# 2. macOS: send only pd.local to it (brew install dnsmasq; sudo brew services start dnsmasq)
sudo mkdir -p /etc/resolver
printf 'nameserver 127.0.0.1\\nport 5353\\n' | sudo tee /etc/resolver/pd.local`
      : `# 2. Linux with systemd-resolved: send only pd.local to it
sudo mkdir -p /etc/systemd/resolved.conf.d
printf '[Resolve]\\nDNS=127.0.0.1:5353\\nDomains=~pd.local\\n' | sudo tee /etc/systemd/resolved.conf.d/pd-local.conf
sudo systemctl restart systemd-resolved`;
  const daemon = `# 3. the daemon routes pd.local names only when asked to
pd stop && PORT_DADDY_PD_LOCAL=1 pd start`;
  return `${dnsmasq}\n\n${resolver}\n\n${daemon}\n`;
}
