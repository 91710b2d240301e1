# cnie: رسائل سطر الأوامر بالعربية (نفس المعرفات والمتغيرات الموجودة في en/cnie.ftl).
# لا تُترجم مخرجات JSON أبدًا. الأرقام والرموز اللاتينية تبقى كما هي داخل السطر.

## تقرير الأوامر read و verify و mrz: العناوين

label-format = الصيغة
label-name = الاسم الكامل
label-surname = النسب
label-given-names = الاسم الشخصي
label-document = الوثيقة
label-cin = رقم البطاقة الوطنية
label-optional-data = بيانات اختيارية
label-born = تاريخ الازدياد
label-expires = تاريخ الانتهاء
label-nationality = الجنسية
label-other-name = اسم آخر
label-place-of-birth = مكان الازدياد
label-personal-number = الرقم الشخصي
label-address = العنوان
label-photo = الصورة
label-access = الولوج
label-note = ملاحظة
label-hashes = البصمات
label-signature = التوقيع
label-chain = سلسلة الشهادات
label-chip = الشريحة
label-result = النتيجة
label-warning = تنبيه
label-detail = تفصيل
label-problem = مشكلة
label-skipped = لم يُقرأ
label-read = القراءة
label-checks = التحقق

## التقرير: القيم

document-line = { $number }، من نوع { $code }، صادرة عن { $state }
born-line = { $date }، الجنس { $sex }
photo-saved = { $path } ({ $format }، { $size } بايت)
photo-not-saved = { $format }، { $size } بايت (احفظها باستعمال { $option })
photo-line = { $format }، { $size } بايت
photo-none = لا توجد
access-line = { $protocol } باستعمال { $password }
com-line = LDS { $lds }، Unicode { $unicode }، تذكر { $files }
com-lists-nothing = لا شيء
stats-line = { $apdus } أمر APDU، { $received } بايت مستلمة، { $sent } بايت مرسلة، { $ms } ميلي ثانية (أوامر { $mode })
apdu-extended = ممتدة
apdu-short = قصيرة
mrz-checks = جميع أرقام التحقق صحيحة

hash-match = مطابقة
hash-mismatch = غير مطابقة
hash-not-read = لم تُقرأ
signature-valid = صالح
signature-invalid = غير صالح
chain-valid = صالحة
chain-not-trusted = غير موثوقة
chain-expired = منتهية الصلاحية
chain-revoked = ملغاة
chain-invalid = غير صالحة

chip-genuine = أصلية ({ $method })
chip-failed = فشل التحقق ({ $method })
chip-genuine-plain = أصلية
chip-failed-plain = فشل التحقق
chip-not-checked = لم يتم التحقق منها (البطاقة لا توفر أي تحقق من الشريحة)

password-mrz = منطقة القراءة الآلية (MRZ)
password-can = رقم الولوج إلى البطاقة (CAN)
password-pin = رقم التعريف الشخصي (PIN)
password-puk = رمز فك الحظر (PUK)

## الحكم

verdict-authentic = أصلية: بيانات موقعة من جهة إصدار موثوقة، سليمة وكاملة
verdict-invalid = غير صالحة: لا تعتمدوا على هذه الوثيقة
verdict-not-trusted = غير موثوقة: البيانات سليمة وموقعة، لكن الموقِّع ليس ضمن جهات الثقة (أضيفوا ‎--trust‎)
verdict-incomplete = غير مكتملة: لم يفشل أي تحقق، لكن بيانات مطلوبة لم تُقرأ
verdict-word-authentic = أصلية
verdict-word-invalid = غير صالحة
verdict-word-not-trusted = غير موثوقة
verdict-word-incomplete = غير مكتملة

## أسباب الحكم وتنبيهاته ($detail: نص المكتبة بالإنجليزية)

reason-missing-required = لم تتم قراءة { $file }
reason-not-read = { $file } مذكور في EF.SOD لكن تعذرت قراءته
reason-not-in-sod = { $file } موجود لكن EF.SOD لا يتضمن بصمته: محتواه غير موثق ولا يُعرض
reason-hash-mismatch = { $file } لا يطابق بصمته في EF.SOD: لقد تم تغييره
reason-sod-signature = توقيع EF.SOD: { $detail }
reason-com-malformed = تعذر فك ترميز EF.COM: { $detail }
reason-certificate-chain = سلسلة الشهادات: { $detail }
reason-not-trusted = موقِّع الوثيقة لا يرتبط بأي سلطة CSCA موثوقة (أضيفوا شهادة CSCA لبلده أو قائمته الرئيسية)
reason-issuing-state-mismatch = يذكر DG1 دولة الإصدار { $document }، لكن السلسلة تنتهي عند سلطة CSCA تابعة لـ { $csca }
reason-chip-failed = فشل { $method }: { $detail }
reason-card-security-chain = موقِّع EF.CardSecurity: { $detail }
reason-document-expired = انتهت صلاحية الوثيقة بتاريخ { $date }
reason-downgraded = البطاقة توفر PACE لكنها قُرئت باستعمال BAC (بروتوكول أضعف)
reason-chip-not-checked = الشريحة لا توفر Chip Authentication ولا Active Authentication: نسخة من بياناتها على شريحة أخرى ستُقرأ بنفس الطريقة
reason-weak-algorithm = خوارزمية ضعيفة: { $detail }
reason-expired-since = انتهت صلاحيتها بعد استعمالها (ليس خطأ): { $detail }
reason-revocation-not-checked = لم يتم التحقق من الإلغاء: لم تُقدَّم أي قائمة إلغاء (CRL) للسلطة CSCA
reason-terminal-authentication = { $file } محمي بآلية Terminal Authentication ولم تتم قراءته

## رقم التعريف الشخصي (PIN) ورمز فك الحظر (PUK)

pin-tries-left = { $name }: { $n ->
    [zero] لم تتبق أي محاولة
    [one] تتبقى محاولة واحدة
    [two] تتبقى محاولتان
    [few] تتبقى { $n } محاولات
   *[other] تتبقى { $n } محاولة
}
pin-already-verified = { $name }: تم التحقق منه مسبقًا في هذه الجلسة
pin-counter-unknown = { $name }: البطاقة لا تحدد عدد المحاولات المتبقية (أجابت بـ { $sw }): تُحتسب كمحاولة أخيرة
pin-not-usable = تشير البطاقة إلى أن { $name } غير قابل للاستعمال (6984: معطَّل أو لم يُحدَّد بعد)
pin-correct = رقم التعريف الشخصي (PIN) صحيح.
pin-changed = تم تغيير رقم التعريف الشخصي (PIN).
pin-unblocked-and-set = تم فك حظر رقم التعريف الشخصي (PIN) وتحديده من جديد.
pin-unblocked = تم فك حظر رقم التعريف الشخصي (PIN) (أُعيد عدّاد محاولاته إلى الصفر).

## طلبات الإدخال (دون إظهار) والأسرار المقروءة من الإدخال القياسي

prompt-pin = رقم التعريف الشخصي (PIN)
prompt-current-pin = رقم التعريف الشخصي الحالي (PIN)
prompt-new-pin = رقم التعريف الشخصي الجديد (PIN)
prompt-puk = رمز فك الحظر (PUK)
prompt-again = { $label } (للتأكيد)
secret-not-text = { $label } غير صالح: ليس نصًا؛ لم يُرسَل { $name }
secret-invalid = { $label } غير صالح: { $detail }؛ لم يُرسَل { $name }
secret-differ = الإدخالان الخاصان بـ { $label } مختلفان: لم يتم تغيير أي شيء
secret-stdin-empty = لا يوجد { $label } في الإدخال القياسي (واحد في كل سطر)
secret-stdin-too-long = { $label } غير صالح في الإدخال القياسي: السطر أطول من { $max } بايت
secret-stdin-error = تعذرت قراءة { $label } من الإدخال القياسي: { $detail }
secret-no-terminal = تعذر طلب { $label } في الطرفية ({ $detail }): استعملوا { $option }

## الأخطاء والنصائح (كل نصيحة تصلح لبرنامج cnie مثبَّت)

error-pcscd-not-running = خدمة البطاقات الذكية (pcscd) غير مشغَّلة: شغِّلوها (مثلًا `sudo systemctl start pcscd` أو `sudo service pcscd start`) ثم أعيدوا المحاولة
error-no-reader = لم يتم العثور على أي قارئ بطاقات: صِلوا قارئًا لاتلامسيًا (NFC)، ثم تأكدوا من ظهوره في `cnie readers`
error-reader-not-found = لا يوجد قارئ يطابق «{ $name }»: يعرض `cnie readers` القراء وأرقامهم
error-reader-index = لا يوجد قارئ رقم { $index }: { $count ->
    [0] لا يوجد أي قارئ موصول
    [one] يوجد قارئ واحد، رقمه 0 (انظروا `cnie readers`)
   *[other] يوجد { $count } قراء، مرقَّمة ابتداءً من 0 (انظروا `cnie readers`)
}
error-no-card = لا توجد بطاقة على القارئ: ضعوا البطاقة بشكل مسطح على القارئ وأعيدوا المحاولة
error-card-lost = { $detail }: انقطع التبادل ولم يتم التحقق من أي شيء؛ أبقوا البطاقة ثابتة على القارئ وأعيدوا المحاولة
error-transport-other = { $detail }: لم يتم التحقق من أي شيء؛ أعيدوا المحاولة
transport-card-removed = أُزيلت البطاقة
transport-card-unresponsive = توقفت البطاقة عن الإجابة
transport-card-timeout = لم تُجب البطاقة في الوقت المحدد
error-access-denied-mrz = رُفض الولوج: رفضت البطاقة المفتاح؛ تحققوا من رقم الوثيقة وتاريخ الازدياد وتاريخ انتهاء الصلاحية (من منطقة القراءة الآلية MRZ على ظهر البطاقة)
error-access-denied-can = رُفض الولوج: رفضت البطاقة رقم الولوج (CAN)؛ تحققوا من الرقم المكوَّن من 6 أرقام المطبوع على وجه البطاقة
error-access-denied = رُفض الولوج: رفضت البطاقة كلمة المرور
error-pin-invalid = { $name } غير صالح: { $detail }
error-secure-channel-needed = يتطلب تطبيق التعريف الإلكتروني (eID) قناة آمنة أولًا: أدخلوا رقم الولوج إلى البطاقة (‎--can NNNNNN‎ أو ‎--can -‎، مطبوع على وجه البطاقة) أو بيانات منطقة القراءة الآلية (MRZ)
error-puk-blocked = رمز فك الحظر (PUK) محظور: لم يعد بالإمكان فك حظر رقم التعريف الشخصي؛ اتصلوا بالجهة المُصدِرة للبطاقة
error-pin-blocked = رقم التعريف الشخصي (PIN) محظور: فكّوا حظره بالأمر `cnie unblock-pin` ورمز فك الحظر (PUK)
error-wrong-pin = { $name } خاطئ: { $n ->
    [zero] لم تتبق أي محاولة
    [one] تتبقى محاولة واحدة
    [two] تتبقى محاولتان
    [few] تتبقى { $n } محاولات
   *[other] تتبقى { $n } محاولة
}؛ لم تتم أي محاولة أخرى
error-counter-unknown = البطاقة لا تحدد عدد محاولات { $name } المتبقية (أجابت بـ { $sw }): يُحتسب ذلك كمحاولة أخيرة ولم تُستعمل؛ إذا كنتم متأكدين من { $name }، أعيدوا التشغيل مع ‎--force‎ (قد يؤدي { $name } خاطئ حينها إلى حظره)
error-last-try = لم تتبق سوى محاولة واحدة لـ { $name }: لم تُستعمل؛ إذا كنتم متأكدين من { $name }، أعيدوا التشغيل مع ‎--force‎ (سيؤدي { $name } خاطئ حينها إلى حظره)
error-no-eid-application = لا تحتوي البطاقة على تطبيق التعريف الإلكتروني (eID) في معرِّف AID الخاص بالملف التعريفي (أجابت بـ { $sw }): يعرض `cnie probe` ما توفره البطاقة؛ حدِّدوا ملفًا تعريفيًا مناسبًا بـ ‎--profile FILE‎
error-eid-other = { $detail }: لم يُرجَع أي شيء؛ ربما لا تتبع البطاقة هذا الملف التعريفي
error-card-data = أرسلت البطاقة بيانات غير صالحة ({ $detail }): أُوقفت القراءة ولم يتم التحقق من أي شيء؛ أعيدوا المحاولة، وإذا استمر الخطأ فقد تكون البطاقة تالفة أو غير أصلية
error-chip-not-genuine = { $detail }: الشريحة لا تملك المفتاح الذي تذكره بياناتها الموقَّعة (شريحة منسوخة أو معيبة)؛ لم يتم التحقق من أي شيء
error-challenge-aa = يتطلب ‎--challenge‎ ثمانية بايتات بالنظام الست عشري (16 رقمًا ست عشريًا)
json-encode-failed = تعذر ترميز JSON: { $detail }
stdout-failed = تعذرت الكتابة في المخرج القياسي: { $detail }
warning-trace-data = تنبيه: يعرض ‎--trace-data‎ البيانات المقروءة من البطاقة (MRZ، الأسماء، الصورة، الشهادات): التتبع يحتوي على معطيات شخصية، لا تشاركوه

## القراء والانتظار والتقدم

readers-none = لا يوجد أي قارئ
reader-card-present = توجد بطاقة (ATR { $atr })
reader-no-card = لا توجد بطاقة
waiting-for-card = في انتظار بطاقة على { $readers } (حتى { $seconds } ثانية)…
card-lost-resume = فُقدت البطاقة بعد { $bytes } بايت: أعيدوا وضعها على القارئ للمتابعة (الانتظار حتى { $seconds } ثانية)
progress-access-control = مراقبة الولوج ({ $protocol })…
progress-file = { $file } [{ $bar }] { $read } / { $total } بايت
progress-skipped = { $file } لم يُقرأ
error-access-key = مفتاح ولوج غير صالح: { $detail }
error-mrz = منطقة قراءة آلية (MRZ) غير صالحة: { $detail }
error-no-access-key = أدخلوا مفتاح ولوج: ‎--can NNNNNN‎ (أو ‎--can -‎ لإدخاله دون إظهاره)، أو ‎--mrz "LINES"‎ (أو ‎--mrz -‎)، أو ‎--doc N --dob YYMMDD --doe YYMMDD‎
error-stdin = تعذرت قراءة الإدخال القياسي: { $detail }
error-mrz-stdin-too-long = منطقة قراءة آلية غير صالحة: الإدخال القياسي أطول من { $kib } كيلوبايت (تتكون MRZ من سطرين أو ثلاثة لا يتجاوز كل منها 44 حرفًا)
error-mrz-stdin-not-utf8 = منطقة قراءة آلية غير صالحة: الإدخال القياسي ليس نصًا بترميز UTF-8 (البايت رقم { $byte } ليس كذلك)
error-at-format = ‎--at‎: «{ $value }» ليس بالصيغة YYYY-MM-DD أو YYYY-MM-DDTHH:MM:SSZ
error-require-unknown = ‎--require‎: ملف غير معروف «{ $name }» (استعملوا EF.COM أو EF.SOD أو DG1 … DG16)
error-master-list-unverified = لم يتم التحقق من القائمة الرئيسية { $origin } ({ $detail }): رُفضت؛ يقوم ‎--trust-unverified-list‎ بتحميلها رغم ذلك
error-trust-load = تعذر تحميل جهات الثقة من { $path }: { $detail }
error-profile-read = تعذرت قراءة الملف التعريفي { $path }: { $detail }
error-core-dump = تعذر تعطيل ملفات تفريغ الذاكرة ({ $what }: { $detail }): لم يتم تنفيذ أي شيء
error-file-read = تعذرت قراءة { $path }: { $detail }
error-file-too-large = حجم { $path } يتجاوز 16 ميبيبايت
error-not-a-folder = { $path } موجود وليس مجلدًا
error-not-a-dump = لا يحتوي { $path } على EF.SOD.bin: ليس مجلدًا كتبه الأمر `cnie read --out`
error-aa-challenge-size = حجم { $file } ليس 8 بايتات
error-pem = تعذر الترميز بصيغة PEM: { $detail }
error-cert-malformed = { $role } الخاصة بالبطاقة غير سليمة البنية: { $detail }
error-challenge-hex = التحدي ليس بالنظام الست عشري: { $detail }
error-challenge-size = يجب أن يتكون التحدي من 1 إلى { $max } بايت

## الملفات الخاصة (معطيات شخصية: المجلدات 0700، الملفات 0600)

file-exists = { $path } موجود مسبقًا: لم تتم كتابة أي شيء؛ يقوم ‎--force-overwrite‎ باستبداله
file-not-regular = { $path } موجود وليس ملفًا عاديًا (رابط رمزي أو مجلد أو جهاز): لم تتم كتابة أي شيء، حتى مع ‎--force-overwrite‎
folder-is-link = { $path } رابط رمزي: مرفوض كمجلد للمعطيات الشخصية؛ حدِّدوا المجلد الحقيقي
folder-not-owned = { $path } ملك لمستخدم آخر: مرفوض كمجلد للمعطيات الشخصية
folder-writable-by-others = { $path } قابل للكتابة من طرف مستخدمين آخرين: مرفوض كمجلد للمعطيات الشخصية؛ استعملوا مجلدًا خاصًا بكم
file-named-twice = { $path } محدد لملفين: خصصوا لكل ملف مساره الخاص
file-io-create = تعذر إنشاء { $path }: { $detail }
file-io-create-folder = تعذر إنشاء المجلد { $path }: { $detail }
file-io-inspect = تعذر فحص { $path }: { $detail }
file-io-write = تعذرت كتابة { $path }: { $detail }
file-io-replace = تعذر استبدال { $path }: { $detail }

## الشهادات والتوقيعات وجهات الثقة

cert-role-authentication = شهادة المصادقة
cert-role-signature = شهادة التوقيع
cert-subject = صاحب الشهادة
cert-issuer = المُصدِر
cert-serial = الرقم التسلسلي
cert-valid = الصلاحية
cert-validity = من { $from } إلى { $to }
cert-public-key = المفتاح العمومي
cert-written-to = كُتبت في
sign-encoding-cms = CMS/CAdES-BES منفصل
sign-encoding-raw = خام r||s
sign-encoding-der = DER
sign-done = توقيع { $input } (ECDSA P-256 على SHA-256 { $digest }، { $size } بايت، { $encoding }) تم التحقق منه بشهادة التوقيع الخاصة بالبطاقة وكُتب في { $out }
authenticate-done = تم توقيع التحدي بمفتاح المصادقة الخاص بالبطاقة؛ وتم التحقق منه بشهادته
authenticate-signature = التوقيع { $hex }
trust-key-id = معرِّف المفتاح
trust-key-none = (لا يوجد)
trust-link = الربط
trust-signed-by = موقَّعة بالمفتاح { $key }
trust-source = المصدر
trust-list-unverified = لم يتم التحقق من القائمة الرئيسية
trust-summary = { $anchors } جهة ثقة، { $crls } قائمة إلغاء (CRL)؛ مخزن المستخدم { $store } ({ $ds } شهادة DS محفوظة، ليست جهات ثقة)

## cnie probe

yes = نعم
no = لا
not-said = غير محدد
probe-reader = القارئ
probe-atr = { $hex } (البايتات التاريخية { $historical }، الطول الممتد { $extended })
probe-malformed = غير سليمة البنية
probe-unknown = غير معروف
probe-master-file = الملف الرئيسي
probe-not-sent = لم يُرسَل
probe-no-answer = لا جواب
probe-file-not-read = لم يُقرأ ({ $detail })
probe-file-not-found = غير موجود ({ $sw })
probe-file-read = قُرئ ({ $via }، { $size } بايت، { $structure })
probe-truncated = (مقتطع)
probe-not-understood = غير مفهوم: { $detail }
probe-largest-apdus = أكبر أوامر APDU: الأمر { $command } بايت، الجواب { $response } بايت
probe-capabilities = قدرات البطاقة: { $caps }
probe-no-aid = (دون AID)
probe-applications = التطبيقات (SELECT حسب AID):
probe-selected = تم اختياره
probe-summary = أُرسل { $n } أمرًا؛ لم يُطلب أي رقم تعريف شخصي، ولم تُكتب أي معطيات، ولم تُقرأ أي معطيات شخصية.
probe-summary-limit = أُرسل { $n } أمرًا (تم بلوغ الحد الأقصى)؛ لم يُطلب أي رقم تعريف شخصي، ولم تُكتب أي معطيات، ولم تُقرأ أي معطيات شخصية.
probe-share = شاركوا مخرجات `cnie probe --json` للمساعدة في تأكيد بنية البطاقة.
probe-written = كُتب التقرير في { $path }

## مفاتيح الولوج المُدخلة دون إظهار (‎--can -‎، ‎--mrz -‎)

prompt-can = رقم الولوج إلى البطاقة CAN (6 أرقام، على وجه البطاقة)
prompt-mrz = منطقة القراءة الآلية MRZ (جميع الأسطر، مفصولة بمسافات)
error-stdin-not-text = { $label } غير صالح: ليس نصًا

## cnie read --watch

watch-waiting = في انتظار بطاقة (Ctrl-C للإيقاف)…
watch-card = ── البطاقة { $n }: { $verdict } ──
watch-card-failed = ── البطاقة { $n }: لم تُقرأ ──
watch-remove-card = أزيلوا البطاقة لقراءة البطاقة التالية
watch-stopped = توقف: { $n ->
    [zero] لم تُقدَّم أي بطاقة
    [one] قُدِّمت بطاقة واحدة
    [two] قُدِّمت بطاقتان
    [few] قُدِّمت { $n } بطاقات
   *[other] قُدِّمت { $n } بطاقة
}
error-signal = تعذر التقاط Ctrl-C: { $detail }

## The HTML report (`--html`)

html-title = التحقق من وثيقة الهوية
html-subtitle = بطاقة التعريف الإلكترونية (إيكاو 9303) مقروءة بواسطة cnie
html-no-photo = لا توجد صورة
html-check-access = بروتوكول الولوج
html-check-hashes = بصمات مجموعات البيانات
html-check-signature = توقيع الوثيقة (EF.SOD)
html-check-chain = سلسلة الشهادات
html-check-chip = أصالة الشريحة
html-technical = التفاصيل التقنية
html-signer = موقّع الوثيقة
html-signer-issuer = مُصدر شهادة الموقّع
html-anchor = مرجع الثقة (CSCA)
html-files = الملفات المقروءة (بايت)
html-photo-declared = السجل البيومتري يصرّح بـ { $width }×{ $height }
html-footer = تقرير أنشأه cnie { $version }. يحتوي على معطيات شخصية: احتفظ به بسرية.

## --photo

photo-none-to-write = لا توجد صورة وجه للكتابة: لم تتم كتابة ‎--photo
photo-not-decoded = تعذر تحويل صورة الوجه إلى PNG: { $detail }

## مخزن الثقة الخاص بالمستخدم (`trust import`، `trust remove`، `trust list`)

trust-expired = منتهية الصلاحية
trust-fingerprint = sha-256
trust-imported = أُضيف { $added } ({ $csca } CSCA، { $ds } شهادة DS، { $crls } قائمة إلغاء CRL)، و{ $present } موجود مسبقًا؛ المخزن { $store }
trust-removed = حُذف { $fingerprint } { $name }
trust-store-no-folder = لا يوجد مجلد لمخزن الثقة: عيِّنوا CNIE_TRUST_DIR (أو HOME)
trust-store-damaged = الملف { $path } تالف ({ $detail }): احذفوه وأعيدوا الاستيراد
trust-store-bad-item = الملف { $path } في مخزن الثقة: { $detail }
trust-import-unverified = { $path }: لم يتم التحقق من القائمة الرئيسية ({ $detail }): لم يُستورد شيء؛ يقوم ‎--force‎ باستيرادها رغم ذلك
trust-import-failed = تعذر استيراد { $path }: { $detail }
trust-remove-nothing-given = ‎trust remove‎: حدِّدوا بصمة أو اسم صاحب الشهادة
trust-remove-no-match = لا شيء في مخزن الثقة { $store } يطابق «{ $pattern }»
trust-remove-failed = تعذر حذف { $path }: { $detail }
error-file-over-limit = حجم { $path } يتجاوز { $max } بايت

## حزم الإثبات (`read --evidence`، `verify FILE`)

label-evidence = الإثبات
evidence-written = كُتبت في { $path } ({ $size } بايت)
evidence-checked = حزمة بالإصدار { $version } من إنتاج { $tool }، قُرئت في { $date } (بصمات ملفاتها وخلاصة سلامتها صحيحة)
evidence-no-folder = تعذرت كتابة { $path }: المجلد غير موجود
evidence-unreadable = { $path }: { $detail }
evidence-not-authentic = { $path }: { $detail }: تم تغيير الحزمة بعد كتابتها، فهي ليست أصلية
