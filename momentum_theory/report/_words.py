r"""The report's fixed words in each of its languages: headings, captions, verdicts, table heads.

``--lang tr`` writes these in Turkish, the language of the chapter's edition;
the explanatory paragraphs stay in English (the report says so at the top).
Every entry is a pair ``(English, Turkish)``; :func:`say` picks one. A
caption is looked up by the figure's file stem (``caption.stability_region``)
and written with its formulas in ``$…$``, so the HTML page prints them as
MathML like every other formula.

Adding a heading or caption: add its pair here; ``tests/test_report.py``
checks that every key the report uses has both languages.
"""
from __future__ import annotations

LANGUAGES = ("en", "tr")

_WORDS = {
    # -- the document ------------------------------------------------------------------------
    "doc.title": ("Momentum: the chapter, derived, computed and checked",
                  "Momentum: bölüm, türetilmiş, hesaplanmış ve denetlenmiş"),
    "doc.contents": ("Contents", "İçindekiler"),
    "doc.language-note": ("", "Başlıklar, şekil açıklamaları, tablo başlıkları ve hükümler "
                              "Türkçedir; açıklayıcı paragraflar İngilizce kalmıştır."),
    "doc.part-chapter": ("The chapter", "Bölüm"),
    "doc.part-beyond": ("Beyond the chapter", "Bölümün ötesi"),
    "doc.part-details": ("Details", "Ayrıntılar"),
    "doc.figure": ("Figure", "Şekil"),
    # -- section titles ---------------------------------------------------------------------
    "section.chapter-figures": ("The chapter's figures, recomputed",
                                "Bölümün şekilleri, yeniden hesaplanmış"),
    "section.stability-region": ("Where momentum converges: the stability region",
                                 "Momentumun yakınsadığı yer: kararlılık bölgesi"),
    "section.training": ("The practical experiment", "Pratik deney"),
    "section.claims": ("The chapter's claims, checked by computation",
                       "Bölümün iddiaları, hesaplamayla denetlenmiş"),
    "section.exercises": ("The four exercises, solved", "Dört alıştırma, çözülmüş"),
    "section.regimes": ("Three regimes and critical damping", "Üç rejim ve kritik sönüm"),
    "section.tuning": ("The best step size and momentum for a condition number",
                       "Bir koşul sayısı için en iyi adım boyu ve momentum"),
    "section.nesterov": ("Nesterov's accelerated gradient",
                         "Nesterov'un hızlandırılmış gradyanı"),
    "section.worst-case": ("The worst case after finitely many steps",
                           "Sonlu sayıda adımdan sonra en kötü durum"),
    "section.methods": ("Every registered momentum method, side by side",
                        "Kayıtlı tüm momentum yöntemleri yan yana"),
    "section.whole-spectrum": ("One tuning for every curvature: the whole spectrum",
                               "Her eğrilik için tek ayar: tüm spektrum"),
    "section.counterexample": ("Beyond quadratics: a function on which Polyak's tuning cycles",
                               "Kuadratiklerin ötesi: Polyak ayarının döngüye girdiği bir "
                               "fonksiyon"),
    "section.general-functions": ("Beyond quadratics: worst cases over smooth strongly convex "
                                  "functions",
                                  "Kuadratiklerin ötesi: düzgün ve güçlü konveks fonksiyonlarda "
                                  "en kötü durum"),
    "section.noise": ("Noisy gradients: where the iterates settle",
                      "Gürültülü gradyanlar: iterasyonların yerleştiği yer"),
    "section.explorer": ("An interactive explorer", "Etkileşimli bir gezgin"),
    "section.derivations": ("The derivations in detail (SymPy)",
                            "Türetmeler ayrıntılı olarak (SymPy)"),
    # -- derivation headings, by the derivation's name -------------------------------------------
    "derivation.leaky_average": ("The leaky average, unrolled", "Sızdıran ortalama, açılmış"),
    "derivation.effective_weight": ("Its weights sum to the effective weight $\\frac{1}{1-\\beta}$",
                                    "Ağırlıkların toplamı: etkili ağırlık $\\frac{1}{1-\\beta}$"),
    "derivation.quadratic": ("The quadratic: gradient, minimizer, minimum, completed square",
                             "Kuadratik: gradyan, minimum noktası, minimum değeri, kareye "
                             "tamamlama"),
    "derivation.eigen_decoupling": ("Eigenvectors decouple the directions",
                                    "Özvektörler yönleri birbirinden ayırır"),
    "derivation.gd_scalar": ("Gradient descent along one eigenvalue",
                             "Tek bir özdeğer boyunca gradyan inişi"),
    "derivation.momentum_transition": ("Momentum along one eigenvalue: the matrix $R$",
                                       "Tek bir özdeğer boyunca momentum: $R$ matrisi"),
    "derivation.momentum_region": ("Where both eigenvalues of $R$ lie inside the unit circle",
                                   "$R$'nin iki özdeğerinin birim çemberin içinde kaldığı yer"),
    # -- the chapter's own section names (claims.chapter.SECTIONS), as its editions print them
    "chapter.Leaky averages": ("Leaky averages", "Sızdıran Ortalamalar"),
    "chapter.An ill-conditioned problem": ("An ill-conditioned problem",
                                           "Kötü koşullu bir sorun"),
    "chapter.The momentum method": ("The momentum method", "Momentum Yöntemi"),
    "chapter.Effective sample weight": ("Effective sample weight", "Etkili Örnek Ağırlığı"),
    "chapter.Practical experiments": ("Practical experiments", "Pratik Deneyler"),
    "chapter.Quadratic convex functions": ("Quadratic convex functions",
                                           "Kuadratik Konveks Fonksiyonlar"),
    "chapter.Scalar functions": ("Scalar functions", "Skaler Fonksiyonlar"),
    "chapter.Summary": ("Summary", "Özet"),
    # -- the exercises' headings, by the chapter's number ----------------------------------------
    "exercise.1": ("Other learning rates and momenta", "Başka öğrenme oranları ve momentumlar"),
    "exercise.2": ("Gradient descent and momentum on $\\frac{1}{2} \\sum_i 2^{-i} x_i^2$",
                   "$\\frac{1}{2} \\sum_i 2^{-i} x_i^2$ üzerinde gradyan inişi ve momentum"),
    "exercise.3": ("The minimizer and the minimum of $h$", "$h$'nin minimum noktası ve değeri"),
    "exercise.4": ("Stochastic and minibatch gradients", "Rastgele ve minigrup gradyanlar"),
    # -- captions, by figure stem -------------------------------------------------------------
    "caption.traces_2d": (
        "The ill-conditioned problem $f(x) = 0.1 x_1^2 + 2 x_2^2$, 20 steps from $(-5, -2)$: "
        "gradient descent with $\\eta = 0.4$ and $0.6$, momentum with $\\eta = 0.6$ and "
        "$\\beta = 0.5$, $0.25$.",
        "Kötü koşullu problem $f(x) = 0.1 x_1^2 + 2 x_2^2$, $(-5, -2)$'den 20 adım: "
        "$\\eta = 0.4$ ve $0.6$ ile gradyan inişi, $\\eta = 0.6$ ve $\\beta = 0.5$, $0.25$ ile "
        "momentum."),
    "caption.leaky_weights": ("The weights $\\beta^\\tau$ of the leaky average.",
                              "Sızdıran ortalamanın ağırlıkları $\\beta^\\tau$."),
    "caption.loss_curves": ("Minibatch SGD with momentum on the regression data.",
                            "Regresyon verisi üzerinde momentumlu minigrup SGD."),
    "caption.scalar_gd": ("Gradient descent on $\\lambda x^2 / 2$ with $\\eta = 0.1$: the factor "
                          "$(1 - \\eta\\lambda)^t$.",
                          "$\\eta = 0.1$ ile $\\lambda x^2 / 2$ üzerinde gradyan inişi: "
                          "$(1 - \\eta\\lambda)^t$ çarpanı."),
    "caption.stability_region": ("The spectral radius of $R$ over $(\\eta\\lambda, \\beta)$.",
                                 "$R$'nin spektral yarıçapı, $(\\eta\\lambda, \\beta)$ "
                                 "üzerinde."),
    "caption.phase_diagram": ("The regimes of heavy ball over $(\\eta\\lambda, \\beta)$, with "
                              "contours of $\\rho$.",
                              "Ağır topun $(\\eta\\lambda, \\beta)$ üzerindeki rejimleri ve "
                              "$\\rho$ eş yükselti eğrileri."),
    "caption.rate_vs_condition": ("The optimal worst-case rate against the condition number "
                                  "$\\kappa$.",
                                  "Koşul sayısı $\\kappa$'ya göre en iyi en-kötü-durum hızı."),
    "caption.region_comparison": ("Where heavy ball and Nesterov converge.",
                                  "Ağır topun ve Nesterov'un yakınsadığı bölgeler."),
    "caption.worst_case": ("The exact worst case over $\\lambda \\in [\\mu, L]$ after each step, "
                           "for the tunings of the table above.",
                           "Yukarıdaki tablodaki ayarlar için her adımdan sonra "
                           "$\\lambda \\in [\\mu, L]$ üzerinde kesin en kötü durum."),
    "caption.method_regions": ("Where each method converges, over $\\eta\\lambda$ and its first "
                               "parameter.",
                               "Her yöntemin yakınsadığı bölge, $\\eta\\lambda$ ve ilk "
                               "parametresi üzerinde."),
    "caption.method_worst_case": ("The exact worst case after each step of every method, tuned "
                                  "for $\\kappa = 100$.",
                                  "$\\kappa = 100$ için ayarlanmış her yöntemin her adımdan "
                                  "sonraki kesin en kötü durumu."),
    "caption.whole_spectrum": ("The worst rate over every curvature in $[\\mu, L]$ as a map over "
                               "$(\\eta, \\beta)$, its regions named, beside the chapter's "
                               "per-eigenvalue map.",
                               "$[\\mu, L]$ aralığındaki her eğrilik üzerinde en kötü hız, "
                               "$(\\eta, \\beta)$ üzerinde bir harita olarak; bölgeleri "
                               "adlandırılmış, bölümün özdeğer başına haritasının yanında."),
    "caption.counterexample": ("Heavy ball with Polyak's tuning for $[\\mu, L]$ on a smooth, "
                               "strongly convex function that is not quadratic: it cycles, while "
                               "every quadratic with curvature in $[\\mu, L]$ converges.",
                               "Kuadratik olmayan düzgün, güçlü konveks bir fonksiyonda "
                               "$[\\mu, L]$ için Polyak ayarlı ağır top: döngüye girer; oysa "
                               "eğriliği $[\\mu, L]$ içinde olan her kuadratikte yakınsar."),
    "caption.general_functions": ("The worst case after each step of five tunings: on "
                                  "quadratics (exact, solid) and over smooth strongly convex "
                                  "functions (PEPit, dashed).",
                                  "Beş ayarın her adımdan sonraki en kötü durumu: kuadratiklerde "
                                  "(kesin, düz çizgi) ve düzgün, güçlü konveks fonksiyonlarda "
                                  "(PEPit, kesik çizgi)."),
    "caption.exercise_1_heatmap": ("The final loss over the learning rate and the momentum.",
                                   "Öğrenme oranı ve momentum üzerinde son kayıp."),
    "caption.exercise_1_collapse": ("The final loss against the effective step "
                                    "$\\frac{\\mathrm{lr}}{1 - \\beta}$.",
                                    "Etkili adım $\\frac{\\mathrm{lr}}{1 - \\beta}$'ya göre son "
                                    "kayıp."),
    "caption.exercise_2_decay": ("The decay of each component $|x_i(t)|$, one panel per method.",
                                 "Her bileşenin $|x_i(t)|$ sönümü, her yöntem için bir panel."),
    "caption.exercise_2_steps": ("The steps each component needs, simulated and predicted from "
                                 "the rate.",
                                 "Her bileşenin gerektirdiği adım sayısı: benzetimle ve hızdan "
                                 "tahminle."),
    "caption.exercise_4_noise_floor": ("The noise floor against the step size and the effective "
                                       "step.",
                                       "Gürültü tabanı, adım boyuna ve etkili adıma göre."),
    "caption.exercise_4_batch_covariance": ("The noise floor against the batch size, and the "
                                            "stationary covariance computed three ways.",
                                            "Grup boyutuna göre gürültü tabanı ve üç yoldan "
                                            "hesaplanan durağan kovaryans."),
    # -- verdicts ---------------------------------------------------------------------------
    "verdict.holds": ("holds", "geçerli"),
    "verdict.fails": ("fails", "geçersiz"),
    "verdict.error": ("error", "hata"),
    "verdict.accepted": ("accepted", "kabul edildi"),
    "verdict.rejected": ("rejected", "reddedildi"),
    "verdict.yes": ("yes", "evet"),
    "verdict.no": ("no", "hayır"),
    # -- table heads ------------------------------------------------------------------------
    "head.claim": ("claim (chapter section)", "iddia (bölüm kısmı)"),
    "head.statement": ("statement (as the chapter prints it)", "ifade (bölümde yazıldığı gibi)"),
    "head.source": ("the chapter's sentence (Turkish edition)", "bölümün cümlesi (Türkçe baskı)"),
    "head.verdict": ("verdict", "hüküm"),
    "head.correction": ("it should read", "doğrusu"),
    "head.method": ("method", "yöntem"),
    "head.tuning": ("tuning", "ayar"),
    "head.parameters": ("parameters", "parametreler"),
    "head.agreement": ("agreement", "uyum"),
    "head.difference": ("difference", "fark"),
    "head.final-loss": ("final loss", "son kayıp"),
    "head.above-floor": ("above the floor", "tabanın üstünde"),
    "head.point": ("point", "nokta"),
    "head.region": ("region (where the worst $\\lambda$ sits)",
                    "bölge (en kötü $\\lambda$'nın bulunduğu yer)"),
    "head.share": ("share of the grid", "ızgaradaki pay"),
    "head.quantity": ("quantity", "nicelik"),
    "head.computed": ("computed", "hesaplanan"),
    "head.status": ("solver status", "çözücü durumu"),
}


def say(lang: str, key: str) -> str:
    """The entry ``key`` in ``lang`` (``"en"`` or ``"tr"``).

    Parameters
    ----------
    lang : str
        One of :data:`LANGUAGES`.
    key : str
        An entry of the table (``"section.claims"``).

    Returns
    -------
    str

    Raises
    ------
    KeyError
        ``key`` is not in the table.
    ValueError
        ``lang`` is not one of :data:`LANGUAGES`.

    Examples
    --------
    >>> say("tr", "verdict.holds")
    'geçerli'
    >>> say("en", "section.claims")
    "The chapter's claims, checked by computation"
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang: one of {', '.join(LANGUAGES)}, got {lang!r}")
    return _WORDS[key][LANGUAGES.index(lang)]


def keys() -> tuple:
    """Every key of the table (for the tests that check both languages are filled in).

    Examples
    --------
    >>> "verdict.fails" in keys()
    True
    """
    return tuple(_WORDS)
