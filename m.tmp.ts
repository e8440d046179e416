import { programField } from './core/analysis/logs/header';
for (const m of ['sshd[1234]: Accepted', 'chrome.exe - proxy.x:5070 open', 'Dropbox.exe *64 - a.b:1 close', 'dn228/dn228 /apps/x86_64/sbin/gmetad[1682]: data', 'src@tbird-admin1 crond(pam_unix)[2915]: session', 'Accepted password for bob', 'the - thing', '[Worker] started', 'kernel: x', 'Kernel command line: ro'])
  console.log(JSON.stringify(m), programField(m));
