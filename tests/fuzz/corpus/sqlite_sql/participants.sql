PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "participants" ("id" TEXT PRIMARY KEY NOT NULL, "nik" TEXT CHECK (nik IS NULL OR length(nik) = 16), "name" TEXT, "sex" TEXT CHECK (sex IN ('M', 'F')), "birth_date" TEXT CHECK ("birth_date" IS NULL OR "birth_date" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'), "kelurahan" TEXT NOT NULL, "sector" TEXT NOT NULL CHECK (sector IN ('food_beverage', 'fashion', 'craft', 'retail', 'services', 'agriculture', 'digital', 'other')), "kbli" TEXT, "community" TEXT REFERENCES communities(id), "registered_on" TEXT CHECK ("registered_on" IS NULL OR "registered_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]') NOT NULL, "business_started_on" TEXT CHECK ("business_started_on" IS NULL OR "business_started_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'), "exited_on" TEXT CHECK ("exited_on" IS NULL OR "exited_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'));
INSERT INTO participants VALUES('P001','3174011507850001','Budi Santoso','M','1985-07-15','31.74.01.1001','food_beverage','10792','PGO-KUL','2018-02-10','2014-05-01',NULL);
INSERT INTO participants VALUES('P002','3174014303900002','Siti "Ani" Rahma','F','1990-03-03','31.74.01.1003','fashion',NULL,NULL,'2018-03-05',NULL,NULL);
INSERT INTO participants VALUES('P003','3171011201950003','Andi Wijaya','M','1995-01-12','31.71.01.1002','craft',NULL,'PGO-IBU','2018-08-20','2017-01-15','2020-06-30');
INSERT INTO participants VALUES('P004',NULL,replace('Dewi Lestari\n(Bu Dewi)','\n',char(10)),'F',NULL,'31.71.01.1001','retail','47111',NULL,'2019-01-07','2010-03-01',NULL);
INSERT INTO participants VALUES('P005','3173024102010005','Rina Putri','F','2001-02-01','31.73.02.1003','digital',NULL,NULL,'2019-04-15',NULL,NULL);
COMMIT;
