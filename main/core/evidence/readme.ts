/**
 * README.txt of a package: what it is and how anyone can check it with ordinary tools, in plain words for a court
 * (docs/evidence-package.md says the same at more length).
 */
import { localDate } from '../shared/calendar';
import type { EvidenceContent } from './content';
import { PAYLOAD, TAG } from './layout';

export function readmeText(c: EvidenceContent): string {
  const who = c.technician.fullName ? `${c.technician.fullName} (${c.technician.username})` : c.technician.username;
  return `EVIDENCE PACKAGE ${c.itemNumber}
${c.agency.name}${c.agency.ori ? ` (ORI ${c.agency.ori})` : ''} - case ${c.caseNumber}
Made with Canvass ${c.canvassVersion} by ${who} on ${c.createdAt} (UTC).

WHAT THIS IS
This folder holds automated license plate reader (ALPR) records that investigators
collected for case ${c.caseNumber}, exactly as the agency's system held them: ${c.detections.length} detections,
their camera images (the very bytes the agency stored, each file named by its SHA-256
fingerprint), the hot-list hits, the plate re-reads and corrections (the original read
is never overwritten), and the access-log records of the searches that found them.
It is a "bag" in the BagIt 1.0 format (RFC 8493).

  data/                       the evidence itself
  ${PAYLOAD.reportPdf.padEnd(27)} the report to read first
  ${PAYLOAD.detectionsCsv.padEnd(27)} every detection, every field
  ${PAYLOAD.detectionsGeoJson.padEnd(27)} the same, for mapping software
  data/images/                the camera images
  manifest-sha256.txt         a SHA-256 fingerprint of every file under data/
  manifest-sha512.txt         the same with SHA-512
  ${TAG.tagManifest.padEnd(27)} fingerprints of the files in this folder
  ${TAG.signature.padEnd(27)} the agency's digital signature of that list
  ${TAG.publicKey.padEnd(27)} the agency's public key, to check the signature
  ${TAG.caseGraph.padEnd(27)} the same facts for forensic tools (CASE/UCO)

HOW TO CHECK IT (no Canvass needed; a Linux or macOS terminal, inside this folder)

1. Every evidence file is unchanged:
     sha256sum -c manifest-sha256.txt
   Each line must end in "OK". A changed file says "FAILED"; a missing one says so.

2. No file was added under data/:
     find data -type f | sort > /tmp/on-disk.txt
     cut -c 67- manifest-sha256.txt | sort > /tmp/listed.txt
     comm -23 /tmp/on-disk.txt /tmp/listed.txt
   This must print nothing. Anything it prints was added after the package was made.

3. The lists of fingerprints are the agency's own:
     sha256sum -c ${TAG.tagManifest}
     openssl pkeyutl -verify -pubin -inkey ${TAG.publicKey} -rawin \\
       -in ${TAG.tagManifest} -sigfile ${TAG.signature}
   The first must print "OK" for each line; OpenSSL 3 must print "Signature Verified Successfully".

4. The key is the agency's evidence key:
     openssl pkey -pubin -in ${TAG.publicKey} -outform DER | sha256sum
   must print ${c.key.fingerprint}
   which the agency publishes, registers with its server, and prints in the report.

If steps 1 to 4 pass, every file in data/ is exactly what the agency's system wrote on
${localDate(new Date(c.createdAt), c.timeZone)} (${c.timeZone}), and the agency's evidence key vouches for it. If any step fails,
the package was changed or damaged after it was made: ask the agency for its copy.
`;
}
