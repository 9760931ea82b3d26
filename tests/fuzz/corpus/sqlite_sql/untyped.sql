CREATE TABLE participants(id, nik, name, sex, birth_date, kelurahan, sector, kbli, community, registered_on, business_started_on, exited_on);
INSERT INTO participants VALUES('P001','3174011507850001','Budi','M','1985-07-15','31.74.01.1001','food_beverage','10792',NULL,'2018-02-10','2014-05-01',NULL);
INSERT INTO participants VALUES(x'5032',NULL,NULL,NULL,NULL,'31.71.01.1001','retail',NULL,NULL,20190107,2.5,NULL);
CREATE TABLE reports(participant, quarter, revenue, capital, employees, reported_on);
INSERT INTO reports VALUES('P001','2018Q1',15000000,NULL,2,'2018-04-10');
CREATE TABLE steps(participant, step, completed_on);
INSERT INTO steps VALUES('P001','P1','2018-02-10');
PRAGMA user_version = 1;
