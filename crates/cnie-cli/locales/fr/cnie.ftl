# cnie : les messages de la ligne de commande, en français (mêmes identifiants et mêmes
# variables que en/cnie.ftl). La sortie JSON n'est jamais traduite.

## Le rapport de `read`, `verify` et `mrz` : libellés

label-format = Format
label-name = Nom complet
label-surname = Nom
label-given-names = Prénoms
label-document = Document
label-cin = CIN
label-optional-data = Données facult.
label-born = Né(e) le
label-expires = Expire le
label-nationality = Nationalité
label-other-name = Autre nom
label-place-of-birth = Lieu de naissance
label-personal-number = N° personnel
label-address = Adresse
label-photo = Photo
label-access = Accès
label-note = Remarque
label-hashes = Empreintes
label-signature = Signature
label-chain = Chaîne
label-chip = Puce
label-result = Résultat
label-warning = Avertissement
label-detail = Détail
label-problem = Problème
label-skipped = Non lu
label-read = Lecture
label-checks = Contrôles

## Le rapport : valeurs

document-line = { $number } ({ $code }, délivré par { $state })
born-line = { $date }  (sexe { $sex })
photo-saved = { $path } ({ $format }, { $size } octets)
photo-not-saved = { $format }, { $size } octets (enregistrez-la avec { $option })
photo-line = { $format }, { $size } octets
photo-none = aucune
access-line = { $protocol } avec { $password }
com-line = LDS { $lds }, Unicode { $unicode }, liste { $files }
com-lists-nothing = rien
stats-line = { $apdus } APDU, { $received } octets reçus, { $sent } octets envoyés, { $ms } ms (APDU { $mode })
apdu-extended = étendues
apdu-short = courtes
mrz-checks = tous les chiffres de contrôle sont valides

hash-match = conforme
hash-mismatch = NON CONFORME
hash-not-read = non lu
signature-valid = valide
signature-invalid = INVALIDE
chain-valid = valide
chain-not-trusted = non reconnue
chain-expired = expirée
chain-revoked = révoquée
chain-invalid = invalide

chip-genuine = authentique ({ $method })
chip-failed = ÉCHEC ({ $method })
chip-genuine-plain = authentique
chip-failed-plain = ÉCHEC
chip-not-checked = non vérifiée (la carte ne propose aucun contrôle de la puce)

password-mrz = MRZ
password-can = CAN
password-pin = code PIN
password-puk = code PUK

## Le verdict

verdict-authentic = AUTHENTIQUE : données signées par un émetteur de confiance, intactes et complètes
verdict-invalid = INVALIDE : ne vous fiez pas à ce document
verdict-not-trusted = NON RECONNU : données intactes et signées, mais le signataire ne fait pas partie des autorités de confiance (ajoutez --trust)
verdict-incomplete = INCOMPLET : aucun contrôle n'a échoué, mais des données requises n'ont pas été lues
verdict-word-authentic = AUTHENTIQUE
verdict-word-invalid = INVALIDE
verdict-word-not-trusted = NON RECONNU
verdict-word-incomplete = INCOMPLET

## Les raisons du verdict et ses avertissements ($detail : texte de la bibliothèque, en anglais)

reason-missing-required = { $file } n'a pas été lu
reason-not-read = { $file } figure dans l'EF.SOD mais n'a pas pu être lu
reason-not-in-sod = { $file } est présent mais l'EF.SOD ne contient pas son empreinte : son contenu n'est pas authentifié et n'est pas affiché
reason-hash-mismatch = { $file } ne correspond pas à son empreinte dans l'EF.SOD : il a été modifié
reason-sod-signature = signature de l'EF.SOD : { $detail }
reason-com-malformed = l'EF.COM est illisible : { $detail }
reason-certificate-chain = chaîne de certificats : { $detail }
reason-not-trusted = le signataire du document (DS) ne remonte à aucune CSCA de confiance (ajoutez la CSCA ou la liste maîtresse de son pays)
reason-issuing-state-mismatch = le DG1 indique l'État émetteur { $document }, mais la chaîne aboutit à une CSCA de { $csca }
reason-chip-failed = échec de { $method } : { $detail }
reason-card-security-chain = signataire de l'EF.CardSecurity : { $detail }
reason-document-expired = le document a expiré le { $date }
reason-downgraded = la carte propose PACE mais a été lue avec BAC (protocole affaibli)
reason-chip-not-checked = la puce ne propose ni Chip Authentication ni Active Authentication : une copie de ses données sur une autre puce se lirait de la même façon
reason-weak-algorithm = algorithme faible : { $detail }
reason-expired-since = expiré depuis son utilisation (ce n'est pas une erreur) : { $detail }
reason-revocation-not-checked = révocation non vérifiée : aucune liste de révocation (CRL) de la CSCA n'a été fournie
reason-terminal-authentication = { $file } est protégé par Terminal Authentication et n'a pas été lu

## PIN et PUK

pin-tries-left = { $name } : { $n ->
    [one] { $n } essai restant
   *[other] { $n } essais restants
}
pin-already-verified = { $name } : déjà vérifié dans cette session
pin-counter-unknown = { $name } : la carte n'indique pas le nombre d'essais restants (elle a répondu { $sw }) : compté comme le dernier essai
pin-not-usable = la carte indique que le { $name } ne peut pas être utilisé (6984 : désactivé ou pas encore défini)
pin-correct = Code PIN correct.
pin-changed = Code PIN modifié.
pin-unblocked-and-set = Code PIN débloqué et redéfini.
pin-unblocked = Code PIN débloqué (son compteur d'essais est remis à zéro).

## Saisies (sans écho) et secrets lus sur l'entrée standard

prompt-pin = Code PIN
prompt-current-pin = Code PIN actuel
prompt-new-pin = Nouveau code PIN
prompt-puk = Code PUK
prompt-again = { $label } (confirmation)
secret-not-text = { $label } invalide : ce n'est pas du texte ; le { $name } n'a pas été envoyé
secret-invalid = { $label } invalide : { $detail } ; le { $name } n'a pas été envoyé
secret-differ = les deux saisies du { $label } diffèrent : rien n'a été modifié
secret-stdin-empty = aucun { $label } sur l'entrée standard (un par ligne)
secret-stdin-too-long = { $label } invalide sur l'entrée standard : la ligne dépasse { $max } octets
secret-stdin-error = impossible de lire le { $label } sur l'entrée standard : { $detail }
secret-no-terminal = impossible de demander le { $label } sur un terminal ({ $detail }) : utilisez { $option }

## Erreurs et conseils (chaque conseil vaut pour un cnie installé)

error-pcscd-not-running = le service des cartes à puce (pcscd) n'est pas démarré : lancez-le (par ex. `sudo systemctl start pcscd` ou `sudo service pcscd start`) puis réessayez
error-no-reader = aucun lecteur de cartes trouvé : branchez un lecteur sans contact (NFC), puis vérifiez que `cnie readers` l'affiche
error-reader-not-found = aucun lecteur ne correspond à « { $name } » : `cnie readers` affiche les lecteurs et leurs numéros
error-reader-index = aucun lecteur numéro { $index } : { $count ->
    [0] aucun lecteur n'est branché
    [one] il y a 1 lecteur, le numéro 0 (voir `cnie readers`)
   *[other] il y a { $count } lecteurs, numérotés à partir de 0 (voir `cnie readers`)
}
error-no-card = aucune carte sur le lecteur : posez la carte à plat sur le lecteur et réessayez
error-card-lost = { $detail } : l'échange a été interrompu et rien n'a été vérifié ; laissez la carte immobile sur le lecteur et réessayez
error-transport-other = { $detail } : rien n'a été vérifié ; réessayez
transport-card-removed = la carte a été retirée
transport-card-unresponsive = la carte ne répond pas
transport-card-timeout = la carte n'a pas répondu à temps
error-access-denied-mrz = accès refusé : la carte a refusé la clé ; vérifiez le numéro du document, la date de naissance et la date d'expiration (dans la MRZ au verso de la carte)
error-access-denied-can = accès refusé : la carte a refusé le CAN ; vérifiez le numéro d'accès à 6 chiffres imprimé au recto de la carte
error-access-denied = accès refusé : la carte a refusé le mot de passe
error-pin-invalid = { $name } invalide : { $detail }
error-secure-channel-needed = l'application eID exige d'abord un canal sécurisé : indiquez le CAN (--can NNNNNN ou --can -, imprimé au recto de la carte) ou les données de la MRZ
error-puk-blocked = le code PUK est bloqué : le code PIN ne peut plus être débloqué ; adressez-vous à l'émetteur de la carte
error-pin-blocked = le code PIN est bloqué : débloquez-le avec `cnie unblock-pin` et le code PUK
error-wrong-pin = { $name } erroné : { $n ->
    [one] { $n } essai restant
   *[other] { $n } essais restants
} ; aucune nouvelle tentative n'a été faite
error-counter-unknown = la carte n'indique pas combien d'essais du { $name } restent (elle a répondu { $sw }) : cela compte comme le dernier essai, qui n'a pas été utilisé ; si vous êtes sûr du { $name }, relancez avec --force (un { $name } erroné peut alors le bloquer)
error-last-try = il ne reste qu'un essai pour le { $name } : il n'a pas été utilisé ; si vous êtes sûr du { $name }, relancez avec --force (un { $name } erroné le bloquera alors)
error-no-eid-application = la carte n'a pas d'application eID à l'AID du profil (elle a répondu { $sw }) : `cnie probe` montre ce que la carte propose ; indiquez un profil adapté avec --profile FICHIER
error-eid-other = { $detail } : rien n'a été renvoyé ; la carte ne suit peut-être pas ce profil
error-card-data = la carte a envoyé des données invalides ({ $detail }) : la lecture a été interrompue et rien n'a été vérifié ; réessayez et, si cela persiste, la carte est peut-être endommagée ou contrefaite
error-chip-not-genuine = { $detail } : la puce ne détient pas la clé désignée par ses données signées (puce copiée ou défectueuse) ; rien n'a été vérifié
error-challenge-aa = --challenge attend 8 octets en hexadécimal (16 chiffres hexadécimaux)
json-encode-failed = impossible d'encoder le JSON : { $detail }
stdout-failed = impossible d'écrire sur la sortie standard : { $detail }
warning-trace-data = attention : --trace-data affiche les données lues sur la carte (MRZ, noms, photo, certificats) : la trace contient des données personnelles, ne la partagez pas

## Lecteurs, attente et progression

readers-none = aucun lecteur
reader-card-present = carte présente (ATR { $atr })
reader-no-card = pas de carte
waiting-for-card = attente d'une carte sur { $readers } (jusqu'à { $seconds } s)…
card-lost-resume = la carte a été perdue après { $bytes } octets : reposez-la sur le lecteur pour continuer (attente jusqu'à { $seconds } s)
progress-access-control = contrôle d'accès ({ $protocol })…
progress-file = { $file } [{ $bar }] { $read } / { $total } octets
progress-skipped = { $file } non lu
error-access-key = clé d'accès invalide : { $detail }
error-mrz = MRZ invalide : { $detail }
error-no-access-key = indiquez une clé d'accès : --can NNNNNN (ou --can - pour la saisir sans l'afficher), --mrz "LIGNES" (ou --mrz -), ou --doc N --dob AAMMJJ --doe AAMMJJ
error-stdin = impossible de lire l'entrée standard : { $detail }
error-mrz-stdin-too-long = MRZ invalide : l'entrée standard dépasse { $kib } Kio (une MRZ compte 2 ou 3 lignes d'au plus 44 caractères)
error-mrz-stdin-not-utf8 = MRZ invalide : l'entrée standard n'est pas du texte UTF-8 (l'octet { $byte } ne l'est pas)
error-at-format = --at : « { $value } » n'est ni AAAA-MM-JJ ni AAAA-MM-JJTHH:MM:SSZ
error-require-unknown = --require : fichier inconnu « { $name } » (utilisez EF.COM, EF.SOD, DG1 … DG16)
error-master-list-unverified = la liste maîtresse { $origin } ne se vérifie pas ({ $detail }) : refusée ; --trust-unverified-list la charge malgré tout
error-trust-load = impossible de charger les autorités de confiance depuis { $path } : { $detail }
error-profile-read = impossible de lire le profil { $path } : { $detail }
error-core-dump = impossible de désactiver les fichiers core ({ $what } : { $detail }) : rien n'a été fait
error-file-read = impossible de lire { $path } : { $detail }
error-file-too-large = { $path } dépasse 16 Mio
error-not-a-folder = { $path } existe et n'est pas un dossier
error-not-a-dump = { $path } ne contient pas d'EF.SOD.bin : ce n'est pas un dossier écrit par `cnie read --out`
error-aa-challenge-size = { $file } ne fait pas 8 octets
error-pem = impossible d'encoder en PEM : { $detail }
error-cert-malformed = le { $role } de la carte est mal formé : { $detail }
error-challenge-hex = le défi n'est pas en hexadécimal : { $detail }
error-challenge-size = le défi doit compter de 1 à { $max } octets

## Fichiers privés (données personnelles : dossiers 0700, fichiers 0600)

file-exists = { $path } existe déjà : rien n'a été écrit ; --force-overwrite le remplace
file-not-regular = { $path } existe et n'est pas un fichier ordinaire (lien symbolique, dossier ou périphérique) : rien n'a été écrit, même avec --force-overwrite
folder-is-link = { $path } est un lien symbolique : refusé comme dossier de données personnelles ; indiquez le vrai dossier
folder-not-owned = { $path } appartient à un autre utilisateur : refusé comme dossier de données personnelles
folder-writable-by-others = { $path } est modifiable par d'autres utilisateurs : refusé comme dossier de données personnelles ; utilisez un dossier à vous
file-named-twice = { $path } est indiqué pour deux fichiers : donnez à chacun son propre chemin
file-io-create = impossible de créer { $path } : { $detail }
file-io-create-folder = impossible de créer le dossier { $path } : { $detail }
file-io-inspect = impossible d'examiner { $path } : { $detail }
file-io-write = impossible d'écrire { $path } : { $detail }
file-io-replace = impossible de remplacer { $path } : { $detail }

## Certificats, signatures, autorités de confiance

cert-role-authentication = certificat d'authentification
cert-role-signature = certificat de signature
cert-subject = sujet
cert-issuer = émetteur
cert-serial = n° de série
cert-valid = validité
cert-validity = du { $from } au { $to }
cert-public-key = clé publique
cert-written-to = écrit dans
sign-encoding-cms = CMS/CAdES-BES détachée
sign-encoding-raw = brute r||s
sign-encoding-der = DER
sign-done = signature de { $input } (ECDSA P-256 sur SHA-256 { $digest }, { $size } octets, { $encoding }) vérifiée avec le certificat de signature de la carte et écrite dans { $out }
authenticate-done = défi signé avec la clé d'authentification de la carte ; vérifié avec son certificat
authenticate-signature = signature { $hex }
trust-key-id = id. de clé
trust-key-none = (aucun)
trust-link = lien
trust-signed-by = signé par la clé { $key }
trust-source = source
trust-list-unverified = la liste maîtresse ne s'est pas vérifiée
trust-summary = { $anchors } autorités, { $crls } CRL ; magasin de l'utilisateur { $store } ({ $ds } certificats DS conservés, qui ne sont pas des autorités)

## cnie probe

yes = oui
no = non
not-said = non précisé
probe-reader = Lecteur
probe-atr = { $hex } (octets historiques { $historical }, longueur étendue { $extended })
probe-malformed = mal formés
probe-unknown = inconnu
probe-master-file = Fichier maître
probe-not-sent = non envoyé
probe-no-answer = pas de réponse
probe-file-not-read = non lu ({ $detail })
probe-file-not-found = introuvable ({ $sw })
probe-file-read = lu ({ $via }, { $size } octets, { $structure })
probe-truncated = (tronqué)
probe-not-understood = non compris : { $detail }
probe-largest-apdus = APDU les plus longues : commande { $command } octets, réponse { $response } octets
probe-capabilities = capacités de la carte : { $caps }
probe-no-aid = (sans AID)
probe-applications = Applications (SELECT par AID) :
probe-selected = sélectionnée
probe-summary = { $n } commandes envoyées ; aucun code PIN demandé, rien écrit, aucune donnée personnelle lue.
probe-summary-limit = { $n } commandes envoyées (limite atteinte) ; aucun code PIN demandé, rien écrit, aucune donnée personnelle lue.
probe-share = Partagez la sortie de `cnie probe --json` pour aider à confirmer l'organisation de la carte.
probe-written = Rapport écrit dans { $path }

## Clés d'accès saisies sans affichage (--can -, --mrz -)

prompt-can = CAN (6 chiffres, au recto de la carte)
prompt-mrz = MRZ (toutes les lignes, séparées par des espaces)
error-stdin-not-text = { $label } invalide : ce n'est pas du texte

## cnie read --watch

watch-waiting = en attente d'une carte (Ctrl-C pour arrêter)…
watch-card = ── carte { $n } : { $verdict } ──
watch-card-failed = ── carte { $n } : non lue ──
watch-remove-card = retirez la carte pour lire la suivante
watch-stopped = arrêt : { $n ->
    [one] { $n } carte présentée
   *[other] { $n } cartes présentées
}
error-signal = impossible d'intercepter Ctrl-C : { $detail }

## The HTML report (`--html`)

html-title = Contrôle du document d'identité
html-subtitle = Carte d'identité électronique (OACI 9303) lue par cnie
html-no-photo = Pas de photo
html-check-access = Protocole d'accès
html-check-hashes = Empreintes des groupes de données
html-check-signature = Signature du document (EF.SOD)
html-check-chain = Chaîne de certificats
html-check-chip = Authenticité de la puce
html-technical = Détails techniques
html-signer = Signataire du document
html-signer-issuer = Émetteur du signataire
html-anchor = Ancre de confiance (CSCA)
html-files = Fichiers lus (octets)
html-photo-declared = l'enregistrement biométrique déclare { $width }×{ $height }
html-footer = Rapport établi par cnie { $version }. Il contient des données personnelles : gardez-le confidentiel.

## --photo

photo-none-to-write = pas d'image du visage à écrire : --photo n'a pas été écrit
photo-not-decoded = l'image du visage n'a pas pu être convertie en PNG : { $detail }

## Le magasin de confiance de l'utilisateur (`trust import`, `trust remove`, `trust list`)

trust-expired = EXPIRÉ
trust-fingerprint = sha-256
trust-imported = { $added } { $added ->
    [one] ajouté
   *[other] ajoutés
} ({ $csca } CSCA, { $ds } certificats DS, { $crls } CRL), { $present } déjà { $present ->
    [one] présent
   *[other] présents
} ; magasin { $store }
trust-removed = supprimé : { $fingerprint } { $name }
trust-store-no-folder = aucun dossier pour le magasin de confiance : définissez CNIE_TRUST_DIR (ou HOME)
trust-store-damaged = { $path } est endommagé ({ $detail }) : supprimez-le et importez de nouveau
trust-store-bad-item = { $path } du magasin de confiance : { $detail }
trust-import-unverified = { $path } : la liste maîtresse ne se vérifie pas ({ $detail }) : rien n'a été importé ; --force l'importe malgré tout
trust-import-failed = impossible d'importer { $path } : { $detail }
trust-remove-nothing-given = trust remove : indiquez une empreinte ou un sujet
trust-remove-no-match = rien dans le magasin de confiance { $store } ne correspond à « { $pattern } »
trust-remove-failed = impossible de supprimer { $path } : { $detail }
error-file-over-limit = { $path } dépasse { $max } octets

## Dossiers de preuve (`read --evidence`, `verify FICHIER`)

label-evidence = Preuve
evidence-written = écrit dans { $path } ({ $size } octets)
evidence-checked = dossier v{ $version } produit par { $tool }, lu le { $date } (ses empreintes de fichiers et son condensé d'intégrité se vérifient)
evidence-no-folder = impossible d'écrire { $path } : ce dossier n'existe pas
evidence-unreadable = { $path } : { $detail }
evidence-not-authentic = { $path } : { $detail } : le dossier a été modifié après son écriture, il n'est pas authentique
