-- AlterTable
ALTER TABLE "CheckIn" ADD COLUMN "atHome" TEXT;

-- AlterTable
ALTER TABLE "ContactLog" ADD COLUMN "familyNoteAt" DATETIME;

-- AlterTable
ALTER TABLE "FamilyMessage" ADD COLUMN "mediaFileId" TEXT;
ALTER TABLE "FamilyMessage" ADD COLUMN "mediaKind" TEXT;
ALTER TABLE "FamilyMessage" ADD COLUMN "purpose" TEXT;

-- AlterTable
ALTER TABLE "SafeguardingAlert" ADD COLUMN "parentsMessagedAt" DATETIME;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "freeEnd" INTEGER;
ALTER TABLE "User" ADD COLUMN "freeStart" INTEGER;
ALTER TABLE "User" ADD COLUMN "phone" TEXT;

-- CreateTable
CREATE TABLE "KeptMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT,
    "fileId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "KeptMessage_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SchoolPeriod" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    CONSTRAINT "SchoolPeriod_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlannedVisit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "childId" INTEGER NOT NULL,
    "teacherId" INTEGER NOT NULL,
    "plannedFor" DATETIME NOT NULL,
    "noticeQueuedAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "PlannedVisit_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PlannedVisit_teacherId_fkey" FOREIGN KEY ("teacherId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LetterCampaign" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "classId" INTEGER,
    "title" TEXT NOT NULL,
    "closesAt" DATETIME NOT NULL,
    "audience" TEXT NOT NULL DEFAULT 'FAMILIES',
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LetterCampaign_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LetterCampaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_LetterCampaign" ("classId", "closesAt", "createdAt", "createdById", "id", "schoolId", "title") SELECT "classId", "closesAt", "createdAt", "createdById", "id", "schoolId", "title" FROM "LetterCampaign";
DROP TABLE "LetterCampaign";
ALTER TABLE "new_LetterCampaign" RENAME TO "LetterCampaign";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "KeptMessage_userId_createdAt_idx" ON "KeptMessage"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "SchoolPeriod_schoolId_startsOn_idx" ON "SchoolPeriod"("schoolId", "startsOn");

-- CreateIndex
CREATE INDEX "PlannedVisit_childId_plannedFor_idx" ON "PlannedVisit"("childId", "plannedFor");
